BB_ENV_EXTRAWHITE:append = " x"
