inherit inner
