# Boxlab learner shell: a short prompt that shows where you are.
if [ -n "$BASH_VERSION" ]; then
  PS1='\[\e[1;32m\]\u@\h\[\e[0m\]:\[\e[1;34m\]\w\[\e[0m\]\$ '
  alias ls='ls --color=auto'
  alias ll='ls -l --color=auto'
  # gVisor as Debian 12 ships it (runsc 2022-12) refuses the statx flag AT_NO_AUTOMOUNT, which coreutils' ls and
  # stat always pass, so they answer "Invalid argument" for every file they look at. Where GNU stat fails like
  # that and busybox works (the shell image has it), ls and stat are busybox's, which use stat(2), for this shell
  # and the bash scripts it starts. Under runc GNU stat works and nothing here changes. docs/operators.md, gVisor.
  if ! command stat -c %i / > /dev/null 2>&1 && command -v busybox > /dev/null && busybox stat -c %i / > /dev/null 2>&1; then
    ls() { busybox ls "$@"; }
    stat() { busybox stat "$@"; }
    export -f ls stat
  fi
fi
