cd ~/site
cat > Dockerfile <<'DOCKERFILE'
FROM python AS build
WORKDIR /src
COPY build.py data.txt ./
RUN python3 build.py

FROM web
COPY --from=build /out/index.html /www/index.html
DOCKERFILE
docker build -t site:1 .
docker images site
