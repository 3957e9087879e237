# Inline Python that writes a variable while another is being expanded
C = "c0"
A = "${@d.setVar('C', 'c1') or ''}[${C}]"
D = "${C}"
python () {
    seen = [d.getVar("D"), d.getVar("A"), d.getVar("D")]
    d.setVar("C", "c2")
    seen += [d.getVar("A"), d.getVar("D")]
    d.setVar("SEEN", "|".join(seen))
}
