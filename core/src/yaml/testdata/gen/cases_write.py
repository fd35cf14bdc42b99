# Values for toYaml / toYamlPretty. Each is a JSON-able description understood by gprobe's build().
import json
def I(n): return {"$t": "int", "v": n}
def I64(n): return {"$t": "i64s", "v": str(n)}
def U64(n): return {"$t": "u64s", "v": str(n)}
def F(x): return {"$t": "float", "v": x}
def FS(s): return {"$t": "fspecial", "v": s}
def B(b64): return {"$t": "bytes", "v": b64}
def STRS(*a): return {"$t": "strs", "v": list(a)}
W = []
def w(v): W.append(v)
# scalars at top level
for v in [None, True, False, "", "a", I(0), I(-5), I64(9007199254740993), U64(18446744073709551615), F(1.5), F(1e6), F(1e21), F(1e20), F(1e19),
          F(123456789.5), F(0.000001), F(1e-7), F(0.1), F(-0.0) if False else FS("-0"), F(3.0), F(1e300), F(-2.5e-10), F(100), F(12345678), FS("nan"), FS("inf"), FS("-inf"),
          F(9007199254740993.0), F(1.0000000000000002), F(5e-324)]:
    w(v)
# strings: resolution quoting
strs = ["1", "-1", "+1", "1.5", "1e3", ".5", "0x1F", "0o17", "0755", "1_000", "0b101", "yes", "Yes", "YES", "yEs", "no", "y", "Y", "n", "N",
        "on", "off", "true", "True", "false", "null", "Null", "~", "", " ", "  ", ".inf", "-.inf", ".nan", ".NaN", "<<", "=", "1:20", "1:20:30", "190:20:30.15",
        "2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10", "2001-02-30", "2001-12-14x", "12:30", "1e", "e1", "08", "09.5",
        "@x", "`x", "- x", "-x", "-", "--", "---", "--- x", "...", "... x", "? x", "?x", ": x", ":x", "x:", "x: y", "x:y", "#x", "x #y", "x#y", "& x", "&x", "*x", "!x", "|x", ">x",
        "'x'", "\"x\"", "%x", "x%", "[x]", "{x}", "x,y", "x, y", "x]", "a: b: c", " x", "x ", " x ", "x\ty", "\tx", "x\t", "x\ny", "x\n", "\nx", "x\n\n", "x\n\n\n", "\n", "\n\n",
        "x\r\ny", "x\ry", " x\ny", "x \ny", "x\n y", "x\n\ty", "\u00e9", "caf\u00e9", "\u4e2d\u6587", "\U0001F600", "a\U0001F600b", "\u00a0", "a\u00a0b", "\u0085", "a\u0085b",
        "\u2028", "a\u2028b", "\ufeffx", "x\ufeff", "\u007f", "a\x01b", "a\x00b", "\x1b[0m", "<script>&</script>", "\\", "a\\b", "\"", "'", "it's", "a'b\"c",
        "\ufffe", "\uffff", "\ue000", "\ud7ff", "x\u200by", "0", "00", "-0", "+0", ".", "..", "1.", "1.e5", "+.5", "-.5e3", "1__0", "_1", "1_", "0x_1", "0b", "0x", "0o",
        "12345678901234567890", "123456789012345678901234567890", "1e400", "-1e400",
        "a" * 79, "a" * 80, "a" * 81, "a" * 200, ("word " * 30).strip(), ("word " * 30), "a " * 50, ("x" * 85 + " y"), "y " + "x" * 85, ("ab " * 40).strip() + "\nnext line",
        ("long " * 20) + "\n" + ("line " * 20), "word  " * 20, ("x" * 78 + "  y z"), ("a b" * 40), "a" * 100 + " " + "b" * 100,
        "k" * 130, "k" * 1020, "line1\nline2\n", "line1\nline2\n\n", " lead\nx", "trail \nx", "x\n trail", "a\n\nb", "\n\nx", "x\n \n", "tab\there\nx"]
for s in strs:
    w(s)
    w({"k": s})
    w({s: "v"})
    w([s])
# maps: key order
w({k: I(1) for k in ["_x", "1", "9", "10", "B", "Z", "a1", "a2", "a10", "a", "A", "b", "aa", "a_", "a-b", "a.b", "02", "2", "001", "1a", "a01", "a001", "x9", "x09", "x009", "é", "ß", "中", "-1", "+1", "1.5", "1_0", " ", "", "~", "null", "yes"]})
w({k: I(1) for k in ["file10.txt", "file9.txt", "file1.txt", "File2", "file", "files", "v1.10.0", "v1.9.0", "v1.10", "a1b2", "a1b10", "a10b1", "1b", "1a", "12a", "9z", "a0", "a00", "a000"]})
w({k: None for k in ["0", "00", "01", "1", "010", "10", "x0", "x00", "x01", "x1", "x10", "x010"]})
w({k: None for k in ["a1", "ab", "a-", "a_", "a.", "a ", "aB", "aZ", "a~", "a9", "a"]})
# nesting & containers
w({"a": {"b": {"c": [I(1), I(2), {"d": "e", "f": [], "g": {}}]}, "h": []}, "i": {}, "j": [[]], "k": [{}], "l": [[I(1), I(2)], [I(3)]], "m": [[[["deep"]]]]})
w([{"a": I(1), "b": I(2)}, {"c": [I(1), {"d": None}]}, [], {}, None, "x"])
w({"list": ["a", "b"], "map": {"x": "y"}, "empty": "", "null": None, "t": True})
w({}); w([]); w([[]]); w([{}]); w({"a": [[{"b": [{"c": "d"}]}]]})
w({"multi": "line1\nline2", "nested": {"m2": "a\nb\n", "list": ["x\ny", "z"]}})
w(["a\nb", {"k": "v\nw"}, [["p\nq"]]])
w({"k": STRS("a", "b")}); w({"bytes": B("aGVsbG8gd29ybGQ=")}); w(B("")); w({"b": B("/w==")})
w({"ints": [I(1), I64(-2), U64(3), F(4.0), F(4.5), F(1e6), F(1.5e-7)]})
w({"nan": FS("nan")}); w({"l": [F(1), FS("inf")]})
w({"longkey" * 20: "v"}); w({"k" * 1030: "v"}); w({("<" * 200): "v"}); w({"a": "k" * 5000})
w({"a" * 129: "x"}); w({"a" * 128: "x"}); w({"k\nl": "v"}); w({"k\u0085l": "v"}); w({"": ""}); w({" ": " "})
w({"a": {"b": "line1\nline2\n"}, "c": ["d\ne", "f"]})
w({"key": "value with # hash", "k2": "value: colon", "k3": "- dash", "k4": "[bracket", "k5": "{brace", "k6": "a,b", "k7": "?q", "k8": "*star", "k9": "&amp", "k10": "!bang", "k11": "|pipe", "k12": ">gt", "k13": "%pct", "k14": "@at", "k15": "`bt"})
w({"a": ("lorem ipsum " * 15).strip(), "b": [("lorem ipsum " * 15).strip()], "c": {"d": {"e": ("lorem ipsum " * 15).strip()}}})
w({"a": ("lorem ipsum " * 15).strip() + "\n" + ("dolor sit " * 15)})
w([("x" * 100 + " ") * 3]); w({"k": "a'b " * 30}); w({"k": "a\"b " * 30}); w({"k": "\u00e9t\u00e9 " * 30}); w({"k": "a\tb " * 30})
w({"k": ("x " * 45) + "\u0001"}); w({"k": "  " + "x " * 45}); w({"k": "x" * 50 + "   " + "y" * 50})
# transitive subsets of the key-order maps (Go's order is random when keyList.Less is not transitive)
w({k: I(1) for k in ["_x", "1", "9", "10", "B", "Z", "a1", "a2", "a10", "a", "A", "b", "aa", "a_", "a-b", "a.b", "02", "2", "001", "a01", "a001", "x9", "x09", "x009", "é", "ß", "中", "-1", "+1", "1.5", "1_0", " ", "", "~", "null", "yes"]})
w({k: I(1) for k in ["file10.txt", "file9.txt", "file1.txt", "File2", "file", "files", "v1.10.0", "v1.9.0", "v1.10", "a1b2", "a1b10", "a10b1", "a0", "a00", "a000"]})
w({k: I(1) for k in ["v1", "v10", "v2", "v1beta1", "v1alpha1", "v2beta2", "v10beta1"]})
