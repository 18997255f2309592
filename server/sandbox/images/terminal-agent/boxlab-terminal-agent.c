/*
 * boxlab-terminal-agent ID COLS ROWS: hold terminal ID's shell and link it to the Boxlab server.
 *
 * The shell runs on a pseudo-terminal this agent owns, so it does not depend on any connection: the agent
 * connects out to the server's socket (AGENT_SOCKET, a host directory mounted read-only), and when that link
 * drops (the server restarted) it keeps the shell and connects again. Started by `boxlab-terminal`; a second
 * start for the same ID only nudges the running agent (SIGUSR1) to reconnect at once.
 *
 * Wire format (server/contracts/agent-protocol.ts is the other end):
 *   agent -> server: one hello line "BOXLAB-AGENT 1 <ID> <PID>\n", then the terminal's raw output.
 *   server -> agent: frames of [type u8][length u16 big-endian][payload]:
 *     1 input bytes, 2 resize (cols u16, rows u16), 3 redraw (SIGWINCH to the foreground program).
 *
 * Output is read from the terminal only while the link takes it: a server that stops reading (flow control)
 * leaves it in the terminal, which blocks the program as a slow real terminal would, while input (Ctrl-C)
 * still flows the other way. C rather than a script: one agent runs per terminal, inside the learner's memory
 * limit, and costs ~100 KB there (a Python agent cost ~4 MB).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define AGENT_SOCKET "/run/boxlab/agent/agent.sock"
#define STATE_DIR "/tmp/.boxlab"
#define READ_SIZE (64 * 1024)
/* Output held for the link at most; above it the terminal is not read (the program waits). */
#define OUT_HIGH (64 * 1024)
#define OUT_CAP (OUT_HIGH + READ_SIZE)
/* Input held for the terminal at most (a paste the shell reads slowly); above it the link is not read. */
#define IN_CAP (1024 * 1024)
#define FRAME_MAX (3 + 0xffff)
#define LINK_CAP (2 * FRAME_MAX)

enum { T_INPUT = 1, T_RESIZE = 2, T_REDRAW = 3 };

static int wake_r = -1, wake_w = -1;
static volatile sig_atomic_t nudged;

static char terminal[40];
static pid_t shell_pid;
static int master = -1, link_fd = -1;
static int connected_before;
static char out[OUT_CAP];
static size_t out_len;
static char *in;
static size_t in_len;
static char lbuf[LINK_CAP];
static size_t lbuf_len;

static void on_signal(int sig) {
  int saved = errno;
  if (sig == SIGUSR1) nudged = 1;
  char c = 0;
  (void)!write(wake_w, &c, 1);
  errno = saved;
}

static void drain_wake(void) {
  char buf[64];
  while (read(wake_r, buf, sizeof buf) > 0) {
  }
}

static void set_size(int fd, int cols, int rows) {
  struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
  ioctl(fd, TIOCSWINSZ, &ws);
}

/* What a real terminal's resize does: the foreground program (readline, vim, top) repaints. */
static void redraw(void) {
  pid_t pgrp = tcgetpgrp(master);
  if (pgrp > 0) kill(-pgrp, SIGWINCH);
}

static int shell_alive(void) {
  if (shell_pid <= 0) return 0;
  pid_t r = waitpid(shell_pid, NULL, WNOHANG);
  if (r == 0) return 1;
  shell_pid = 0;
  return 0;
}

static int valid_id(const char *s) {
  size_t n = strlen(s);
  if (n < 1 || n > 32) return 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && i > 0))) return 0;
  }
  return 1;
}

static int parse_dim(const char *s, int max) {
  char *end;
  long v = strtol(s, &end, 10);
  if (*s == '\0' || *end != '\0' || v < 1) return -1;
  return v > max ? max : (int)v;
}

/* The lock of terminal ID, held for the agent's life; -1 when another agent holds it (it is nudged). */
static int take_lock(void) {
  char path[128];
  snprintf(path, sizeof path, STATE_DIR "/terminal-%s.lock", terminal);
  int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return -2;
  if (flock(fd, LOCK_EX | LOCK_NB) == 0) return fd;
  char buf[32] = {0};
  if (pread(fd, buf, sizeof buf - 1, 0) > 0) {
    long pid = strtol(buf, NULL, 10);
    if (pid > 0) kill((pid_t)pid, SIGUSR1);
  }
  close(fd);
  return -1;
}

static void spawn_shell(int cols, int rows) {
  struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
  int slave;
  if (openpty(&master, &slave, NULL, NULL, &ws) < 0) _exit(1);
  shell_pid = fork();
  if (shell_pid < 0) _exit(1);
  if (shell_pid == 0) {
    close(master);
    setsid();
    ioctl(slave, TIOCSCTTY, 0);
    dup2(slave, 0);
    dup2(slave, 1);
    dup2(slave, 2);
    if (slave > 2) close(slave);
    signal(SIGPIPE, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    /* A profile whose service must be up first (the docker profile's engine) shows its prompt only then, so
     * the first command a learner types already works. */
    const char *wait_for = getenv("BOXLAB_WAIT_FOR");
    if (wait_for && *wait_for && access(wait_for, F_OK) != 0) {
      (void)!write(1, "Starting\xe2\x80\xa6", 11);
      for (int i = 0; i < 600 && access(wait_for, F_OK) != 0; i++) {
        struct timespec t = {0, 100 * 1000 * 1000};
        nanosleep(&t, NULL);
      }
      (void)!write(1, "\r\033[K", 4);
    }
    const char *home = getenv("HOME");
    if (!home || chdir(home) != 0) (void)!chdir("/");
    execl("/bin/bash", "-bash", (char *)NULL);
    _exit(127);
  }
  close(slave);
  fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
  fcntl(master, F_SETFD, FD_CLOEXEC);
}

static void drop_link(void) {
  if (link_fd >= 0) close(link_fd);
  link_fd = -1;
}

static int try_connect(void) {
  int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (s < 0) return 0;
  struct sockaddr_un a = {.sun_family = AF_UNIX};
  strncpy(a.sun_path, AGENT_SOCKET, sizeof a.sun_path - 1);
  char hello[96];
  int n = snprintf(hello, sizeof hello, "BOXLAB-AGENT 1 %s %ld\n", terminal, (long)getpid());
  if (connect(s, (struct sockaddr *)&a, sizeof a) < 0 || send(s, hello, (size_t)n, MSG_NOSIGNAL) != n) {
    close(s);
    return 0;
  }
  fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_NONBLOCK);
  link_fd = s;
  lbuf_len = 0;
  /* A new link after a drop: the server starts a fresh screen, so the program repaints into it. */
  if (connected_before) redraw();
  connected_before = 1;
  return 1;
}

/* Read what the terminal has; 0 at its end (the shell and everything on it exited). */
static int read_terminal(void) {
  size_t room = OUT_CAP - out_len;
  if (room == 0) return 1;
  ssize_t n = read(master, out + out_len, room < READ_SIZE ? room : READ_SIZE);
  if (n > 0) {
    out_len += (size_t)n;
    return 1;
  }
  if (n < 0 && errno == EINTR) return 1;
  /* Nothing to read now: once the shell has exited, that is the end. A job it left running (`python3 -m
     http.server &`, then `exit`) keeps the terminal open, and the learner would face a dead screen for ever;
     a terminal window ends there too. */
  if (n < 0 && errno == EAGAIN) return shell_pid > 0;
  return 0;
}

static void write_link(void) {
  ssize_t n = send(link_fd, out, out_len, MSG_NOSIGNAL | MSG_DONTWAIT);
  if (n > 0) {
    memmove(out, out + n, out_len - (size_t)n);
    out_len -= (size_t)n;
  } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
    drop_link();
  }
}

static void write_terminal(void) {
  if (in_len == 0) return;
  ssize_t n = write(master, in, in_len);
  if (n > 0) {
    memmove(in, in + n, in_len - (size_t)n);
    in_len -= (size_t)n;
  } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
    in_len = 0;
  }
}

/*
 * Whether this input makes the terminal send a signal that flushes its output: Ctrl-C, Ctrl-backslash or Ctrl-Z
 * with ISIG on and NOFLSH off, as at a shell running a command. The kernel then drops what the program wrote and
 * nobody read; the output this agent read but has not sent is the same queue one step on, and goes with it, so
 * the prompt after Ctrl-C under a flood does not wait behind up to OUT_CAP bytes of the flood.
 */
static int interrupts(const unsigned char *data, size_t size) {
  struct termios t;
  if (out_len == 0 || tcgetattr(master, &t) != 0 || !(t.c_lflag & ISIG) || (t.c_lflag & NOFLSH)) return 0;
  for (size_t i = 0; i < size; i++) {
    unsigned char c = data[i];
    if (c != _POSIX_VDISABLE && (c == t.c_cc[VINTR] || c == t.c_cc[VQUIT] || c == t.c_cc[VSUSP])) return 1;
  }
  return 0;
}

/* Act on the complete frames received; input waits in the link buffer while the shell is behind. */
static void parse_frames(void) {
  size_t at = 0;
  while (lbuf_len - at >= 3) {
    unsigned char *f = (unsigned char *)lbuf + at;
    size_t size = ((size_t)f[1] << 8) | f[2];
    if (lbuf_len - at < 3 + size) break;
    if (f[0] == T_INPUT) {
      if (in_len + size > IN_CAP) break;
      if (interrupts(f + 3, size)) out_len = 0;
      memcpy(in + in_len, f + 3, size);
      in_len += size;
    } else if (f[0] == T_RESIZE && size == 4) {
      set_size(master, (f[3] << 8) | f[4], (f[5] << 8) | f[6]);
    } else if (f[0] == T_REDRAW) {
      redraw();
    }
    at += 3 + size;
  }
  memmove(lbuf, lbuf + at, lbuf_len - at);
  lbuf_len -= at;
  write_terminal();
}

/* Frames the server sent; 0 when the link ended. */
static int read_link(void) {
  ssize_t n = recv(link_fd, lbuf + lbuf_len, LINK_CAP - lbuf_len, MSG_DONTWAIT);
  if (n < 0) return errno == EAGAIN || errno == EINTR;
  if (n == 0) return 0;
  lbuf_len += (size_t)n;
  parse_frames();
  return 1;
}

/* The shell ended: deliver what it printed last, then close the link (the server reports the exit). */
static void finish(void) {
  for (int i = 0; i < 20 && out_len > 0 && link_fd >= 0; i++) {
    struct pollfd p = {.fd = link_fd, .events = POLLOUT};
    poll(&p, 1, 100);
    write_link();
  }
  drop_link();
}

static void run(void) {
  int delay = 50;
  for (;;) {
    if (link_fd < 0) {
      if (!shell_alive()) return;
      if (try_connect()) {
        delay = 50;
        continue;
      }
      /* The server is away (restarting): keep the shell and try again, at once when nudged. */
      struct pollfd p = {.fd = wake_r, .events = POLLIN};
      poll(&p, 1, delay);
      drain_wake();
      delay = nudged ? 50 : (delay * 2 > 1000 ? 1000 : delay * 2);
      nudged = 0;
      continue;
    }
    struct pollfd p[3] = {
        {.fd = wake_r, .events = POLLIN},
        {.fd = link_fd, .events = (short)((lbuf_len < LINK_CAP ? POLLIN : 0) | (out_len ? POLLOUT : 0))},
        /* Left out while it holds enough for the link and has nothing to write: poll reports a hung-up terminal
           whatever it is asked, and would wake this loop at once, for ever, until the server reads again. */
        {.fd = out_len < OUT_HIGH || in_len ? master : -1, .events = (short)((out_len < OUT_HIGH ? POLLIN : 0) | (in_len ? POLLOUT : 0))},
    };
    /* Once the shell has exited, nothing may wake this loop again: do not wait for it (see read_terminal). */
    int wait_ms = shell_pid > 0 ? -1 : out_len < OUT_HIGH ? 0 : 50;
    if (poll(p, 3, wait_ms) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (p[0].revents) {
      drain_wake();
      shell_alive();
    }
    /* After the shell exited, the terminal is read until it is empty whether or not poll says it has data. */
    if ((shell_pid <= 0 || (p[2].revents & (POLLIN | POLLHUP | POLLERR))) && out_len < OUT_HIGH && !read_terminal()) {
      finish();
      return;
    }
    if ((p[1].revents & (POLLIN | POLLHUP | POLLERR)) && !read_link()) {
      drop_link();
      continue;
    }
    if (p[2].revents & POLLOUT) {
      write_terminal();
      if (lbuf_len > 0) parse_frames();
    }
    if (out_len > 0 && link_fd >= 0) write_link();
  }
}

int main(int argc, char **argv) {
  if (argc != 4 || !valid_id(argv[1]) || parse_dim(argv[2], 1000) < 0 || parse_dim(argv[3], 500) < 0) {
    fprintf(stderr, "usage: boxlab-terminal-agent ID COLS ROWS (ID: 1-32 of a-z, 0-9, -)\n");
    return 2;
  }
  snprintf(terminal, sizeof terminal, "%s", argv[1]);
  int cols = parse_dim(argv[2], 1000), rows = parse_dim(argv[3], 500);
  mkdir(STATE_DIR, 0700);
  int lock = take_lock();
  if (lock == -1) return 0;
  if (lock < 0) {
    perror("boxlab-terminal-agent: " STATE_DIR);
    return 1;
  }
  /* Leave the caller (a short `docker exec`) at once: the agent lives on its own, in its own session. */
  pid_t pid = fork();
  if (pid < 0) return 1;
  if (pid > 0) return 0;
  setsid();
  pid = fork();
  if (pid < 0) _exit(1);
  if (pid > 0) _exit(0);
  int null = open("/dev/null", O_RDWR);
  if (null >= 0) {
    dup2(null, 0);
    dup2(null, 1);
    dup2(null, 2);
    if (null > 2) close(null);
  }
  char pidbuf[24];
  int pn = snprintf(pidbuf, sizeof pidbuf, "%ld", (long)getpid());
  if (ftruncate(lock, 0) != 0 || pwrite(lock, pidbuf, (size_t)pn, 0) != pn) _exit(1);

  int pipefd[2];
  if (pipe2(pipefd, O_NONBLOCK | O_CLOEXEC) < 0) _exit(1);
  wake_r = pipefd[0];
  wake_w = pipefd[1];
  in = malloc(IN_CAP);
  if (!in) _exit(1);
  struct sigaction sa = {.sa_handler = on_signal};
  sigemptyset(&sa.sa_mask);
  sigaction(SIGCHLD, &sa, NULL);
  sigaction(SIGUSR1, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);
  signal(SIGHUP, SIG_IGN);

  spawn_shell(cols, rows);
  run();
  char path[128];
  snprintf(path, sizeof path, STATE_DIR "/terminal-%s.lock", terminal);
  unlink(path);
  return 0;
}
