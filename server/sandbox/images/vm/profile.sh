# Boxlab learner shell: a short prompt that shows where you are.
if [ -n "$BASH_VERSION" ]; then
  PS1='\[\e[1;32m\]\u@\h\[\e[0m\]:\[\e[1;34m\]\w\[\e[0m\]\$ '
  alias ls='ls --color=auto'
  alias ll='ls -l --color=auto'
fi
