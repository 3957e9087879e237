h[e]=""
python h(){