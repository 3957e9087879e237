# A value read (and cached) before a Python setVar that drops its pending :append
FEAT = "a pam b"
FEAT:append = " systemd"
python () {
    seen = [d.getVar("FEAT")]
    d.setVar("FEAT", "new " + seen[0])
    seen.append(d.getVar("FEAT"))
    d.setVar("SEEN", "|".join(seen))
}
