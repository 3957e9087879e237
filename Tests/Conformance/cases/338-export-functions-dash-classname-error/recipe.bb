inherit my-class
