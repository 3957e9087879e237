inherit missing
