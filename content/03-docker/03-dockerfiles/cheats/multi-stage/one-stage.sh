# Build and serve from the python image: the page is right, but the image carries Python and weighs 140 MB.
cd ~/site
printf 'FROM python\nWORKDIR /src\nCOPY build.py data.txt ./\nRUN python3 build.py && mkdir -p /www && cp /out/index.html /www/\nCMD ["httpd", "-f", "-p", "80", "-h", "/www"]\n' > Dockerfile.one
docker build -q -t site:1 -f Dockerfile.one .
