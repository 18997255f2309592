# The issue's own example: one printf that looks like a VM's ps (PID 1 init, a kernel thread).
mkdir -p ~/answers
printf 'PID   USER     COMMAND\n    1 root     {init} /bin/sh /init\n    2 root     [kthreadd]\n    3 root     [rcu_gp]\n   90 root     ps\n' > ~/answers/vm-ps.txt
