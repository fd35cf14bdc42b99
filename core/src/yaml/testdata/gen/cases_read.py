# YAML reader cases: (input) — expectations are generated from go-yaml v2.4.3 + sigs.k8s.io/yaml v1.6.0
C = []
def c(s): C.append(s)

# --- scalars & resolution
for s in ["a: 1", "a: -1", "a: +12", "a: 0755", "a: 0o755", "a: 0x1F", "a: 0X1f", "a: 1_000", "a: 0b101", "a: -0b101",
          "a: 08", "a: 09.5", "a: 1.5", "a: 1e3", "a: 1E-3", "a: .5", "a: -.5", "a: +.5", "a: 1.", "a: .inf", "a: -.Inf", "a: +.INF",
          "a: 9223372036854775807", "a: 9223372036854775808", "a: 18446744073709551615", "a: 18446744073709551616",
          "a: -9223372036854775808", "a: -9223372036854775809", "a: 1e400", "a: 1e-400", "a: 0x", "a: 0b", "a: -", "a: +",
          "a: 1:20", "a: 1:20:30.5", "a: 2001-12-14", "a: 2001-12-14t21:59:43.10-05:00", "a: 2001-12-14 21:59:43.10",
          "a: 2001-02-30", "a: 2001-12-14T21:59:43Z", "a: !!timestamp 2001-12-14",
          "a: yes", "a: Yes", "a: YES", "a: yEs", "a: y", "a: Y", "a: n", "a: no", "a: on", "a: On", "a: off", "a: OFF", "a: true", "a: True", "a: TRUE", "a: tRue",
          "a: false", "a: ~", "a: null", "a: Null", "a: NULL", "a: nUll", "a:", "a: ''", 'a: ""', "a: <<", "a: .", "a: .nan", "a: .NaN",
          "a: 1_0.5", "a: ._5", "a: .5_5", "a: 0.1", "a: 100000000000000000000", "a: 12345678901234567890", "a: 123456789012345678901234567890",
          "a: 3.14159265358979323846", "a: -0", "a: -0.0", "a: 0.0", "a: 1e21", "a: 1e20", "a: 1000000", "a: 0001", "a: 1__0"]:
    c(s)
# --- tags
for s in ["a: !!str 123", "a: !!int 123", "a: !!int 1.5", "a: !!float 1", "a: !!float 1.5", "a: !!bool yes", "a: !!bool 1",
          "a: !!null ~", "a: !!null x", "a: !!str", "a: !!binary aGVsbG8=", "a: !!binary aGVsbG8", "a: !!binary '/w=='",
          "a: !!binary |\n  aGVs\n  bG8=\n", "a: !foo bar", "a: ! 12", "a: !<tag:yaml.org,2002:str> 12", "a: !!timestamp foo",
          "a: !!int 2001-01-01", "a: !!map x", "a: !!seq [1]", "a: !!null [1]", "a: !!str {b: 1}", "%TAG !e! tag:example.com,2000:\n---\na: !e!foo 1",
          "a: !e!foo 1", "%YAML 1.1\n---\na: 1", "%YAML 1.2\n---\na: 1", "%YAML 1.1\n%YAML 1.1\n---\na: 1", "%FOO bar\n---\na: 1",
          "a: !!float .inf", "a: !!int 0x10", "a: !!str ~"]:
    c(s)
# --- keys
for s in ["true: x", "yes: x", "y: x", "n: x", "1: x", "1.5: x", "0.1: x", "1e20: x", "3.14159265358979: x", ".inf: x", "-.inf: x",
          ".nan: x", "~: x", "null: {a: 1}", "12345678901234567890: x", "0x10: x", "1: a\n'1': b", "[a]: x", "{a: 1}: x",
          "? [a]\n: x", "? a\n: b", "?\n: b", "? |\n  lit\n: v", "'yes': x", "\"1\": x", "2001-01-01: x", "-1: x", "1.0: a\n1: b",
          "a: 1\na: 2", "b: 1\na: 2\nb: 3"]:
    c(s)
# --- merge
for s in ["a: &x {k: 1, j: 2}\nb:\n  <<: *x\n  j: 3", "a: &x {k: 1}\nb:\n  j: 3\n  <<: *x", "b:\n  k: 0\n  <<: {k: 1}",
          "a: &x {k: 1}\nc: &y {k: 2, m: 3}\nb:\n  <<: [*x, *y]", "b:\n  <<: [{k: 1}, {k: 2, m: 3}]", "b:\n  <<: 1",
          "b:\n  <<: [1]", "a: &x 1\nb:\n  <<: *x", "a: &x [1]\nb:\n  <<: [*x]", "b:\n  '<<': {k: 1}", "b:\n  !!merge <<: {k: 1}",
          "<<: {a: 1}", "b:\n  <<: ~", "b:\n  <<: {}", "b:\n  <<: []", "a: &x {k: 1}\nb: {<<: *x, z: 2}"]:
    c(s)
# --- anchors & aliases
for s in ["a: &x 1\nb: *x", "a: *x", "a: &x [*x]", "a: &x\n  b: *x", "a: &x 1\nb: &x 2\nc: *x", "a: &x {b: 1}\nc: *x\nd: *x",
          "- &a a\n- &b [*a, *a]\n- &c [*b, *b]\n- *c", "a: &x\nb: *x", "&x a: *x"]:
    c(s)
# --- block scalars
for s in ["a: |\n  x\n  y\n", "a: |-\n  x\n  y\n", "a: |+\n  x\n  y\n\n\n", "a: >\n  x\n  y\n\n  z\n", "a: >-\n  x\n   y\n  z\n",
          "a: |2\n   x\n  y\n", "a: |0\n  x", "a: |\n  x\n y", "a: |\n\tx", "a: >\n\n  x\n", "a: | # c\n  x\n", "a: |x\n  y",
          "- |\n  a\n- >\n  b\n  c\n", "a: |\n", "a: >+\n\n", "a: |\n    x\n  y\n", "a: |1\n  x\n", "a: |+2\n   x\n", "a: |-1\n  x\n",
          "a: >\n  a\n    b\n  c\n", "a: |\r\n  x\r\n  y\r\n", "a: >\n  x\n  \n  y\n"]:
    c(s)
# --- flow
for s in ["a: [1, 2, 3]", "a: [1, 2,]", "a: [,]", "a: [1 2]", "a: {b: 1, c: 2}", "a: {b: 1,}", "a: {b, c}", "a: {b: }", "a: [a: 1, b]",
          "a: [? x : y]", "a: [a:b]", "a: {a:b}", "a: {\"a\":b}", "a: [1, [2, [3]]]", "a: [", "a: ]", "a: {", "a: }", "a: [1}", "a: {1]",
          "[1, 2]", "{a: 1}", "a: [\n1,\n2\n]", "a: [\n1\n,2]", "a: {b: [1, {c: d}]}", "a: [-1, - 1]", "a: [#c\n1]", "a: [1,#c\n2]",
          "a: [b,\n  c]", "a: {? b}", "a: [? b]", "a: [{}]", "a: []", "a: {}", "a: [''  , \"\"]", "{a: 1, a: 2}"]:
    c(s)
# --- quoted scalars
for s in ["a: 'it''s'", "a: 'x\n  y'", "a: 'x\n\n  y'", 'a: "x\\ny"', 'a: "\\t\\x41\\u263A\\U0001F600"', 'a: "\\e\\0\\a\\b\\v\\f\\r\\N\\_\\L\\P"',
          'a: "x\\\n  y"', 'a: "\\q"', 'a: "\\xZZ"', 'a: "\\uD800"', 'a: "abc', "a: 'abc", 'a: "x\n---\n"', 'a: "\\/"', 'a: "\\ x"',
          'a: "x  \n  y"', "a: 'a\\b'", 'a: "\\xff"', 'a: "a\tb"', 'a: "\\\t"']:
    c(s)
# --- plain multi-line & misc structure
for s in ["a: x\n  y\n  z", "a: x\n\n  y", "a: x #c\nb: y", "a: x#c", "a: x: y", "a: b: c", "a: 1\n  b: 2", "a:\n  - 1\n  - 2",
          "a:\n- 1\n- 2", "- a\n- b: c\n  d: e", "- - a\n  - b\n- c", "a:\n  b:\n    c: 1", "a: 1\n b: 2", "a:\n  b: 1\n c: 2",
          "- a\nb: c", "a: b\n- c", "a: b\nc", "a\nb: c", "a: [1]\nb", "a: 'x'y", "a: \"x\" y", "a: @x", "a: `x", "a: %x", "a: x\n%y",
          "a: |\n  x\nb: y", "a:\tb", "a:\t1", "\ta: 1", "a: 1\n\tb: 2", "a:\n\t- 1", "- \ta", "a: x\n\ty", "a: x\n  \ty", "key with spaces: v",
          "a: -x", "a: - x", "-a: 1", "a: ?x", "a: ? x", "a: :x", "a: x:", "a: x:y", "a: 'x':y", ":", "? : x", "- : x", "- ? a\n  : b",
          "a: &anchor", "a: *", "a: &", "a: !", "a: !!", "a: !<x", "a: !x!y z", "a: &x&y z", "---", "---\n...", "...", "--- a", "--- |\n  x",
          "a: 1\n---\nb: 2", "a: 1\n...\n---\nb: 2", "a: 1\n--- x\n: :", "# only comment", "", "\n\n", " ", "a: 1 # c\n# c\n", "\ufeffa: 1",
          "a: \ufeffb", "a: 1\r\nb: 2\r\n", "a: 1\rb: 2", "a: x\u2028y", "a: x\u0085y", "a:\u00a0b", "a: \u00e9", "\u00e9: x",
          "a: \x01", "a: \x7f", "a: \u0080", "a: \ufffe", "a: [\n" + "x"*600 + "\x01", "a: b: c\n" + "x" * 600 + "\x01",
          "x"*2000 + ": 1", "a: [" + "x"*1100 + ": 1]", "{" + "\"" + "k"*1030 + "\": 1}", "- " + "[" * 20 + "]" * 20,
          "a: \"" + "x" * 100 + "\n" + "y" * 100 + "\"",
          "a:\n  - b\n  -c", "a: |\n   x\n  y\n", "- a\n - b", "a:\n  - b\n   - c", "a: b\n c: d",
          "foo:\n  bar: 1\n baz: 2", "? a\n? b\n: c", "a: !!binary\n  aGVsbG8=", "- - - x", "a: { b: [ c, { d: e } ] }"]:
    c(s)
# --- reader chunking, BOMs, control characters around the 512-byte boundary
for s in ["a: 1\n\ufeffb: 2", "\ufeff\ufeffa: 1", "\ufeffa: 1\n\ufeffb: 2", "a: 1\n" + "#" * 520 + "\n\ufeffb: 2",
          "a: b: c\n" + "x" * 490 + "\x01", "a: b: c\n" + "x" * 505 + "\x01", "x" * 511 + "\x01", "x" * 512 + "\x01", "x" * 510 + "\u00e9\x01",
          "a: [\n" + "é" * 300 + "\x01", "a: \"" + "x" * 600 + "\n\x02\"", "a:\n" + "  b: 1\n" * 100 + "c: \x03", "a: 1\r\n\r\nb: \x04",
          "# " + "é" * 255 + "\x05", "a: 1\nb: \x7f\nc: : :", "a: : :\nb: \x7f", "a: " + "x" * 1000 + "\x00", "\x00", "\x7f: 1"]:
    c(s)
# --- more malformed inputs (error messages and line numbers)
for s in ["a:\n  b: 1\n  - c", "a:\n  - b\n  c: 1", "- a\n-b", "a: [b, c", "a: {b: c", "a: \"b", "a: 'b\n\nc", "a: |\n b\n  c\nd", "a: >-\n  x\n y",
          "a: *b", "a: &b\n  c: *b", "? - a\n  - b\n: c", "a: !!int\n", "a: !!float x", "a: !!bool maybe", "{a: 1, b}", "{a: 1, b: 2, }", "[1, 2, , 3]",
          "a:\n\tb: 1", "a: 1\n\t", "key: value\n  bad: indent", "  a: 1\nb: 2", "a: 1\n  - 2", "- 1\n  - 2", "- 1\n- 2\n  a: b", "a: 'x' y: z",
          "a: \"\\z\"", "a: [1] x", "a: {} x", "a: 1 2: 3", "- a: 1\n  b: 2\n - c", "%YAML 2.0\n---\na", "%TAG !x! y\n%TAG !x! z\n---\na", "a: !x!y z",
          "--- >\n  a\n b", "a: b\n...\nc: d", "a: b\n---\n: : :", "a:\n  - b\n  -\n  - c", "a: |-2\n  x", "a: |+-\n x", "a: |10\n x", "a: >!\n x",
          "&a [*a]", "&a {b: *a}", "[&a x, *a, *b]", "a: &x {b: &y [*x]}", "x: &a\n  y: &b\n    z: *a", "a: [&b c, *b]"]:
    c(s)
# --- conversion errors only count for what survives duplicate keys
for s in ["a: {~: 1}\na: 2", "a:\n  - ?\na: 1", "a: .nan\na: 1", "a: [.inf]\nb: .nan", "b: .nan\na: [-.inf]", "a: {~: 1, 18446744073709551615: 2}",
          "x: &a {~: 1}\nx: 1\ny: 2", "a: {b: {~: 1}}\na: {b: 2}", "? {~: 1}\n: x", "~: 1\n~: 2", "1: a\n'1': b", "'1': a\n1: b", "1.0: a\n1: b", "true: a\nyes: b", "y: a\ntrue: b"]:
    c(s)
# --- alias expansion limits
lol = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
for i, ch in enumerate("bcdefghi"):
    lol += f'{ch}: &{ch} [' + ",".join(["*" + "abcdefghi"[i]] * 9) + ']\n'
c(lol)
c('a: &a ["x","x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n')
c('a: &a ["x","x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c]\n')
c("\n".join(f"k{i}: &x{i} {{a: {i}}}" for i in range(300)) + "\nall: [" + ", ".join(f"*x{i}" for i in range(300)) + "]\n")
