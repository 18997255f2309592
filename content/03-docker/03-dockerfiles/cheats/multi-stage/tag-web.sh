# The web image under the asked-for name: it serves its own page.
docker tag web site:1
