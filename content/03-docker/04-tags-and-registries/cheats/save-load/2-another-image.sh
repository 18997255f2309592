# A tar file of another image under the asked-for name.
docker save -o ~/quote-2.0.tar web
