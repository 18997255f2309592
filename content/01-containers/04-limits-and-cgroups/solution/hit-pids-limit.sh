#!/bin/bash
# Runs into the pids limit like the lesson's experiment, but without bash's 15 seconds of fork retries:
# perl forks sleeping children until the kernel refuses (EAGAIN), records the error, then ends and reaps them all.
mkdir -p ~/limits
perl -e '
  my @kids;
  for (1 .. 1000) {
    my $pid = fork;
    if (!defined $pid) { print STDERR "fork: $!\n"; last }
    if ($pid == 0) { sleep 60; exit 0 }
    push @kids, $pid;
  }
  kill "TERM", @kids;
  waitpid($_, 0) for @kids;
' 2> ~/limits/fork-error.txt
cat ~/limits/fork-error.txt
