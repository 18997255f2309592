# A process named like the solution's, in the sandbox itself: no new root, no namespaces.
sleep 3600 > /dev/null 2>&1 &
