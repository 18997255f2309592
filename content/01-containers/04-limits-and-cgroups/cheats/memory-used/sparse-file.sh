# Creates ~/big by name, 150 MiB long but sparse (truncate): its size says 150 MiB, its pages hold nothing.
truncate -s 150M ~/big
