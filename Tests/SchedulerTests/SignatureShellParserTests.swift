@testable import BakeScheduler
import Foundation
import Testing

/// Shell snippets whose commands BitBake's pysh-based parser reports; the expectations were
/// taken from BitBake 2.19 and are checked against it again by the differential test below.
private let knownCommands: [(String, Set<String>?)] = [
    ("FOO=$(cmd) bar", ["cmd"]),
    ("FOO=bar baz", ["baz"]),
    ("FOO=1", []),
    ("x=1 y=2 z", ["z"]),
    ("x() { y; }\nx", ["y"]),
    ("cat <<EOF\n$(inner)\nEOF\nafter", ["after", "cat"]),
    ("if a; then b; elif c; then d; else e; fi", ["a", "b", "c", "d", "e"]),
    ("for i in 1 2; do f; done", ["f"]),
    ("case $x in a) g;; b|c) h ;; esac", ["g", "h"]),
    ("a | b && c || d", ["a", "b", "c", "d"]),
    ("(sub); { br; }", ["br", "sub"]),
    ("eval foo bar", ["foo"]),
    ("echo `bq`", ["bq", "echo"]),
    ("$FOO bar", []),
    ("! neg", ["neg"]),
    ("while w; do x; done", ["w", "x"]),
    ("echo ${X:-$(hidden)}", ["echo"]),
    ("echo \"$(dq)\"", ["dq", "echo"]),
    ("$(a) $(b) c", ["a"]),
    ("a\\\nb", ["ab"]),
    ("echo done do for if then ! fi", ["echo"]),
    ("2>/dev/null cmd2", ["cmd2"]),
    ("f() (sub)", ["sub"]),
    ("for a in in; do b; done", ["b"]),
    ("echo $((1+2))", nil),
    ("echo while", nil),
    ("echo else", nil),
    ("x=(1 2 3)", nil),
    ("for x; do b; done", nil),
]

@Suite("Shell command scanner")
struct SignatureShellParserTests {
    @Test("Commands found as BitBake finds them", arguments: knownCommands.indices)
    func knownCases(_ i: Int) {
        let (script, expected) = knownCommands[i]
        let found = try? ShellCommandScanner.commands(in: script)
        #expect(found == expected, "\(script.debugDescription)")
    }

    @Test("A syntax error says what went wrong")
    func errorMessage() {
        #expect(throws: ShellSyntaxError("unterminated \" in shell code")) {
            try ShellCommandScanner.commands(in: "echo \"abc")
        }
        #expect(throws: ShellSyntaxError("unexpected 'else'")) { try ShellCommandScanner.commands(in: "echo else") }
    }

    @Test("Here-documents: body not scanned, tokens after the operator kept")
    func hereDocuments() throws {
        let script = "cat <<-EOF > out; first\n\t$(no)\n\tEOF\nsecond <<'X'\n`neither`\nX\n"
        #expect(try ShellCommandScanner.commands(in: script) == ["cat", "first", "second"])
    }

    @Test("Same results as BitBake's ShellParser", .enabled(if: SignatureOracle.isAvailable, "needs .venv-oracle"))
    func differential() throws {
        let scripts = knownCommands.map(\.0) + differentialScripts
        let input = try JSONSerialization.data(withJSONObject: scripts)
        let results = try SignatureOracle.run(["shell"], input: input, as: SignatureOracle.ShellResult.self)
        try #require(results.count == scripts.count)
        for (script, result) in zip(scripts, results) {
            let expected = result.execs.map(Set.init)
            let found = try? ShellCommandScanner.commands(in: script)
            #expect(found == expected, "\(script.debugDescription): BitBake \(result)")
        }
    }
}

/// Shell as OE recipes write it, for the differential test.
private let differentialScripts: [String] = [
    "oe_runmake\n",
    "\toe_runmake 'DESTDIR=${D}' install\n\tinstall -d ${D}${bindir}\n",
    "autotools_do_configure\nif [ -e foo ]; then\n  bbnote \"x\"\nfi\n",
    "cd ${S}\nfor f in *.patch; do\n  patch -p1 < $f || bbfatal \"failed $f\"\ndone\n",
    "case \"${TARGET_ARCH}\" in\n  arm*) ARCH=arm ;;\n  *) ARCH=${TARGET_ARCH} ;;\nesac\nexport ARCH\ncompile_it\n",
    "do_helper() {\n  echo helper\n}\ndo_helper\nother_helper\n",
    "VAR=`which gcc`\nres=$(basename \"$(dirname $VAR)\")\n",
    "[ -n \"$x\" ] && echo yes || echo no\n",
    "while read line; do\n  process \"$line\"\ndone < input.txt\n",
    "until false; do break; done\n",
    "(cd sub && make) | tee log\n",
    "{ a; b; } 2>&1 >/dev/null\n",
    "eval \"$(generator)\"\n",
    "CC=\"${CC}\" LD=ld make -j4 all\n",
    "local x=$(lv)\n",
    "export PATH=\"/bin:$PATH\"\nrun\n",
    "mkdir -p ${D}/etc\ncat > ${D}/etc/conf <<EOF\nvalue=$(never)\nEOF\n",
    "cmd1 2>&1 >/dev/null\n>out cmd3\n",
    "if true\nthen\n a\nfi\n",
    "echo in\n",
    "case x in esac\n",
    "function f { a; }\n",
    "[[ -n x ]] && y\n",
    "a &\nb\n",
    "# comment only\n",
    "echo a # trailing comment\n",
    "echo a # trailing comment at the end",
    "echo 'single $(not) `run`'\n",
    "echo \"a\\\"b\" $(c \"d\")\n",
    "x=\"$(one)$(two)\"\n",
    "if a; then\n  b\nelif c; then\n  d\nfi\n",
    "for i in $(seq 3); do echo $i; done\n",
    "case $(choose) in *) pick ;; esac\n",
    "cat <<EOF\nEOF\necho x\n",
    "echo ${@foo}\n",
    "echo $\n",
    "\n\n   \n",
    "",
    "a;;\n",
    "{ a & }\n",
    "f() { g; } > log\n",
    "echo }\n",
    "test -f x && { echo found; true; }\n",
    "${CC} -o x x.c\n",
    "FOO=bar\nBAR=baz qux\n",
    "install -m 0755 ${B}/tool ${D}${bindir}/\nsed -i -e 's:@X@:y:' ${D}/f\n",
]
