//! `printf`/`print`/`println` against Helm: each row is what a template sent to Helm v4.2.3's
//! `printf` (format and arguments in template syntax) and what Helm rendered.

use alloc::string::String;

use super::testexpr::{go_unquote, parse_args};
use super::{sprint, sprintf, sprintln};
use crate::value::{Map, Value};

/// (function, format literal, arguments, output) — outputs from the Helm v4.2.3 oracle.
const CASES: &[(&str, &str, &str, &str)] = &[
    ("printf", "\"%5.2f|%-4d|%q|%x|%v\"", "3.14159 7 \"a\\tb\" \"hi\" (list 1 \"a\" nil)", " 3.14|7   |\"a\\tb\"|6869|[1 a <nil>]"),
    ("printf", "\"%06s|%-06s|%06d|%-06d|%06.2f|%-06.2f|%06x|%06q\"", "\"ab\" \"ab\" 12 12 3.14159 3.14159 \"ab\" \"ab\"", "0000ab|ab    |000012|12    |003.14|3.14  |006162|00\"ab\""),
    ("printf", "\"%5.1s|%.0d|%5.0d|%+d|% d|%+ d|%x|%X|%#x|%#o|%O|%b|%#b\"", "\"abc\" 0 0 5 5 5 -255 255 255 8 8 5 5", "    a||     |+5| 5|+5|-ff|FF|0xff|010|0o10|101|0b101"),
    ("printf", "\"%c|%q|%U|%#U|%c|%q|%U|%+q|%#q|%#U|%.6U|%08U|%-8c|\"", "65 65 65 128512 -1 -1 -1 26085 65 10 65 65 65", "A|'A'|U+0041|U+1F600 '😀'|�|'�'|U+FFFFFFFFFFFFFFFF|'\\u65e5'|'A'|U+000A|U+000041|  U+0041|A       |"),
    ("printf", "\"%v|%d|%s|%q|%x|%#v|%+v|%T\"", "(list 1 \"a\" nil 1.5) (list 1 \"a\" nil 1.5) (list 1 \"a\" nil 1.5) (list 1 \"a\" nil 1.5) (list 1 \"a\" nil 1.5) (list 1 \"a\" nil 1.5) (list 1 \"a\" nil 1.5) (list 1 \"a\" nil 1.5)", "[1 a <nil> 1.5]|[1 %!d(string=a) <nil> %!d(float64=1.5)]|[%!s(int=1) a <nil> %!s(float64=1.5)]|['\\x01' \"a\" <nil> %!q(float64=1.5)]|[1 61 <nil> 0x1.8p+00]|[]interface {}{1, \"a\", interface {}(nil), 1.5}|[1 a <nil> 1.5]|[]interface {}"),
    ("printf", "\"%v|%d|%#v|%s|%v\"", "(dict \"b\" 1 \"a\" (dict \"c\" nil)) (dict \"b\" 1 \"a\" \"x\") (dict \"b\" 1 \"a\" (dict \"c\" nil) \"l\" (list)) (dict) (dict \"z\" (list (dict \"y\" true)))", "map[a:map[c:<nil>] b:1]|map[%!d(string=a):%!d(string=x) %!d(string=b):1]|map[string]interface {}{\"a\":map[string]interface {}{\"c\":interface {}(nil)}, \"b\":1, \"l\":[]interface {}{}}|map[]|map[z:[map[y:true]]]"),
    ("printf", "\"%v %v %v %v %v %v %v %v\"", "1e6 1e21 1e20 0.000001 1.5e-7 123456789.0 100000.0 0.0001", "1e+06 1e+21 1e+20 1e-06 1.5e-07 1.23456789e+08 100000 0.0001"),
    ("printf", "\"%e|%E|%f|%F|%g|%G|%.3g|%10.3f|%-10.3e|%+.2f|% .2f|%#g|%#.3g|%#v|%x|%X|%b\"", "1234.5678 1234.5678 1234.5678 1234.5678 1234.5678 1e-7 1234.5678 3.14159 3.14159 2.5 2.5 1.0 1.0 1.0 1.0 1.0 1.0", "1.234568e+03|1.234568E+03|1234.567800|1234.567800|1234.5678|1E-07|1.23e+03|     3.142|3.142e+00 |+2.50| 2.50|1.00000|1.00|1|0x1p+00|0X1P+00|4503599627370496p-52"),
    ("printf", "\"%d %s %v\"", "", "%!d(MISSING) %!s(MISSING) %!v(MISSING)"),
    ("printf", "\"%d\"", "\"x\"", "%!d(string=x)"),
    ("printf", "\"%s\"", "1", "%!s(int=1)"),
    ("printf", "\"x\"", "1 \"a\" nil", "x%!(EXTRA int=1, string=a, <nil>)"),
    ("printf", "\"%!\"", "", "%!!(MISSING)"),
    ("printf", "\"%\"", "", "%!(NOVERB)"),
    ("printf", "\"%5\"", "1", "%!(NOVERB)%!(EXTRA int=1)"),
    ("printf", "\"%[2]d %[1]d\"", "1 2", "2 1"),
    ("printf", "\"%[3]d\"", "1 2", "%!d(BADINDEX)"),
    ("printf", "\"%[0]d\"", "1", "%!d(BADINDEX)"),
    ("printf", "\"%[x]d\"", "1", "%!d(BADINDEX)"),
    ("printf", "\"%*d|%-*d|%*d\"", "5 1 5 1 -5 1", "    1|1    |1    "),
    ("printf", "\"%*d\"", "\"a\" 1", "%!(BADWIDTH)1"),
    ("printf", "\"%.*d|%.*d|%.*d\"", "3 1 -3 1 \"x\" 1", "001|%!(BADPREC)1|%!(BADPREC)1"),
    ("printf", "\"%t|%t|%v|%d|%5t|%s|%-7t|\"", "true 1 false true false true true", "true|%!t(int=1)|false|%!d(bool=true)|false|%!s(bool=true)|true   |"),
    ("printf", "\"%v|%d|%s|%5v|%T|%q|%-6v|%06v\"", "nil nil nil nil nil nil nil nil", "<nil>|%!d(<nil>)|%!s(<nil>)|<nil>|<nil>|%!q(<nil>)|<nil> |0<nil>"),
    ("printf", "\"%v|%s|%x|%X|%q|%d|%T|%#v|%c|%z|%5v|% x|%.1s|%w\"", "(bytes \"hi\") (bytes \"hi\") (bytes \"hi\") (bytes \"hi\") (bytes \"hi\") (bytes \"hi\") (bytes \"hi\") (bytes \"hi\") (bytes \"hi\") (bytes \"hi\") (bytes \"hi\") (bytes \"hi\") (bytes \"hi\") (bytes \"hi\")", "[104 105]|hi|6869|6869|\"hi\"|[104 105]|[]uint8|[]byte{0x68, 0x69}|[h i]|[%!z(uint8=104) %!z(uint8=105)]|[  104   105]|68 69|h|[%!w(uint8=104) %!w(uint8=105)]"),
    ("printf", "\"%v|%#v|%s|%d\"", "(list (bytes \"hi\") 1) (list (bytes \"hi\") 1) (list (bytes \"hi\") 1) (list (bytes \"hi\") 1)", "[[104 105] 1]|[]interface {}{[]uint8{0x68, 0x69}, 1}|[hi %!s(int=1)]|[[104 105] 1]"),
    ("printf", "\"%T %T %T %T %T %T %T %T %T\"", "1 (int64 1) 1.5 \"a\" true (list) (dict) (until 2) (splitList \",\" \"a\")", "int int64 float64 string bool []interface {} map[string]interface {} []int []string"),
    ("print", " ", "1 2 \"a\" 3 \"b\" \"c\" 4 nil 5", "1 2a3bc4 <nil> 5"),
    ("println", " ", "1 2 \"a\"", "1 2 a\n"),
    ("print", " ", "nil nil", "<nil> <nil>"),
    ("print", " ", "\"a\" nil", "a<nil>"),
    ("print", " ", "1.0 2", "1 2"),
    ("print", " ", "(list 1) (dict) \"x\" true false", "[1] map[]xtrue false"),
    ("print", " ", "", ""),
    ("println", " ", "", "\n"),
    ("printf", "\"%5.2%|%d%%|%-5%|\"", "1", "%|1%|%|"),
    ("printf", "\"%[2]*[1]d|\"", "12 5", "   12|"),
    ("printf", "\"%[1]d %d\"", "1 2", "1 2"),
    ("printf", "\"%d %d %[1]d %d\"", "1 2", "1 2 1 2"),
    ("printf", "\"%[2]d %d\"", "1 2 3", "2 3"),
    ("printf", "\"%[1]5d|%[1].2d|%.[1]d\"", "7 8", "%!d(BADINDEX)|%!d(BADINDEX)|7"),
    ("printf", "\"%.2s|%5s|%-5s|%.0s|\"", "\"日本語\" \"日本\" \"日本\" \"abc\"", "日本|   日本|日本   ||"),
    ("printf", "\"%x|% x|%# x|%#x|%X|% X|%#X\"", "\"hello\" \"hello\" \"hello\" \"hello\" \"hello\" \"hello\" \"hello\"", "68656c6c6f|68 65 6c 6c 6f|0x68 0x65 0x6c 0x6c 0x6f|0x68656c6c6f|68656C6C6F|68 65 6C 6C 6F|0X68656C6C6F"),
    ("printf", "\"%.2x|%8.2x|%-8x|%x|%5x|\"", "\"hello\" \"hello\" \"hi\" \"\" \"\"", "6865|    6865|6869    ||     |"),
    ("printf", "\"%q|%+q|%#q|%#q|%q|%#+q\"", "\"日本\\x01\\u00ff\" \"日本\\x01\" \"a`b\" \"ab\\tc\" \"\\xff\\x80a\" \"日本\"", "\"日本\\x01ÿ\"|\"\\u65e5\\u672c\\x01\"|\"a`b\"|`ab\tc`|\"\\xff\\x80a\"|`日本`"),
    ("printf", "\"%v|%+v|%#v|%d|%x|%s\"", "(list (list 1 2) (dict \"a\" (list \"x\"))) (list (list 1 2) (dict \"a\" (list \"x\"))) (list (list 1 2) (dict \"a\" (list \"x\"))) (list (list 1 2) (dict \"a\" (list \"x\"))) (list (list 1 2) (dict \"a\" (list \"x\"))) (list (list 1 2) (dict \"a\" (list \"x\")))", "[[1 2] map[a:[x]]]|[[1 2] map[a:[x]]]|[]interface {}{[]interface {}{1, 2}, map[string]interface {}{\"a\":[]interface {}{\"x\"}}}|[[1 2] map[%!d(string=a):[%!d(string=x)]]]|[[1 2] map[61:[78]]]|[[%!s(int=1) %!s(int=2)] map[a:[x]]]"),
    ("printf", "\"%#v|%#v|%#v|%#v|%#v|%#v|%#v|%#v|%#v\"", "1 (int64 -2) 1.5 1e6 \"x\" true nil 1.0 (until 3)", "1|-2|1.5|1e+06|\"x\"|true|<nil>|1|[]int{0, 1, 2}"),
    ("printf", "\"%5v|%-5v|%05v|%6.2v|\"", "(list 1 2) (list 1 \"a\") (list 1 \"a\") (list 3.14159 \"abc\")", "[    1     2]|[1     a    ]|[00001 0000a]|[   3.1     ab]|"),
    ("printf", "\"%08.3f|%-8.3f|%+08.3f|%08.3e|% 08.2f|%08v|%08s|%8s|%-08.1f|\"", "-3.14159 -3.14159 3.14159 3.14159 3.14159 -1.5 \"-1\" \"x\" 2.25", "-003.142|-3.142  |+003.142|3.142e+00| 0003.14|-00001.5|000000-1|       x|2.2     |"),
    ("printf", "\"%s|%v|%#v|%T|%d|%q\"", "(splitList \",\" \"a,b\") (splitList \",\" \"a,b\") (splitList \",\" \"a,b\") (splitList \",\" \"a,b\") (splitList \",\" \"a,b\") (splitList \",\" \"a,b\")", "[a b]|[a b]|[]string{\"a\", \"b\"}|[]string|[%!d(string=a) %!d(string=b)]|[\"a\" \"b\"]"),
    ("printf", "\"%z|%5z|%#z|%!d|%é|%.2z\"", "1 2 3 4 5 \"abc\"", "%!z(int=1)|%!z(int=    2)|%!z(int=3)|%!!(int=4)d|%!é(int=5)|%!z(string=ab)"),
    ("printf", "\"%.3v|%.1v|%10.4v|%v|%v|%v|%5.1f|%-6v|%06v|%+v|% v|%+06.1f\"", "3.14159 \"abc\" 123.456789 -0.0 (float64 \"-Inf\") (float64 \"NaN\") (float64 \"Inf\") (float64 \"NaN\") (float64 \"-Inf\") (float64 \"NaN\") (float64 \"Inf\") (float64 \"-Inf\")", "3.14|a|     123.5|-0|-Inf|NaN| +Inf|NaN   |  -Inf|NaN| Inf|  -Inf"),
    ("printf", "\"%d|%x|%o|%b|%c|%x|%X|%.2x|%#.3x|%10.2x\"", "1.5 1.5 \"s\" true \"s\" -1.5 1e100 3.0 0.1 255.5", "%!d(float64=1.5)|0x1.8p+00|%!o(string=s)|%!b(bool=true)|%!c(string=s)|-0x1.8p+00|0X1.249AD2594C37DP+332|0x1.80p+01|0x1.99ap-04|0x1.ffp+07"),
    ("printf", "\"%b|%b|%b|%#b|%x|%#x|%#X\"", "0.0 -2.5 5e-324 1.0 0.0 0.0 1e-320", "0p-1074|-5629499534213120p-51|1p-1074|4503599627370496p-52|0x0p+00|0x0.0000p+00|0X1.FAP-1064"),
    ("printf", "\"%#.0f|%#.0e|%#g|%#g|%#.4g|%#g|%#.0g|%#x|%#.0x\"", "3.0 3.0 0.0 123456789.0 1.0 1e-7 5.0 1.0 1.0", "3.|3.e+00|0.00000|1.23456789e+08|1.000|1.00000e-07|5.|0x1.0000p+00|0x1.p+00"),
    ("printf", "\"%.0f|%.0f|%.0f|%.1f|%.20f|%.30e|%.17g|%g|%G\"", "0.5 1.5 2.5 0.05 0.1 0.1 0.1 1e-5 1e-5", "0|2|2|0.1|0.10000000000000000555|1.000000000000000055511151231258e-01|0.10000000000000001|1e-05|1E-05"),
    ("printf", "\"%d|%5d|%-5d|%05d|%+05d|%x|%#X|%o|%#o|%O|%b|%.3d|%8.3d|%08.3d|%c|%U\"", "-42 -42 -42 -42 42 -42 -42 -42 -42 -42 -42 -42 -42 -42 0 0", "-42|  -42|-42  |-0042|+0042|-2a|-0X2A|-52|-052|-0o52|-101010|-042|    -042|    -042|\u{0}|U+0000"),
    ("printf", "\"%d|%x|%o|%b|%d\"", "(int64 -9223372036854775807) (int64 -1) (int64 -1) (int64 -1) (sub (int64 -9223372036854775807) 1)", "-9223372036854775807|-1|-1|-1|-9223372036854775808"),
    ("printf", "\"%s %d\"", "\"a\"", "a %!d(MISSING)"),
    ("printf", "\"%v %v\"", "(list) (dict)", "[] map[]"),
    ("printf", "\"%[-1]d|%[]d|%[1|%[1]\"", "1", "%!d(BADINDEX)|%!d(BADINDEX)|%!(NOVERB)"),
    ("printf", "\"%.5d|%.d|%5.d|%.*s\"", "1 0 0 2 \"abcdef\"", "00001||     |ab"),
    ("printf", "\"%+v|%#v|%+d|%#d|%# d\"", "(dict \"a\" 1) (dict \"a\" (list nil)) (list 1 -1) (list 1 -1) 1", "map[a:1]|map[string]interface {}{\"a\":[]interface {}{interface {}(nil)}}|[+1 -1]|[1 -1]| 1"),
    ("printf", "\"%x|%X|% x|%#x\"", "(list \"ab\" 10) (list \"ab\" 10) (list \"ab\" 10) (list \"ab\" 10)", "[6162 a]|[6162 A]|[61 62  a]|[0x6162 0xa]"),
    ("printf", "\"%q|%#q|%+q\"", "(list \"a\\nb\" 10 \"x`\") (list \"a\\nb\" 10 \"x`\") (list \"é\" 233)", "[\"a\\nb\" '\\n' \"x`\"]|[\"a\\nb\" '\\n' \"x`\"]|[\"\\u00e9\" '\\u00e9']"),
    ("printf", "\"%v\"", "(list (list (list (list 1))))", "[[[[1]]]]"),
    ("printf", "\"%s\"", "(dict \"k\" (list 1 \"two\" 3.5 true nil))", "map[k:[%!s(int=1) two %!s(float64=3.5) %!s(bool=true) <nil>]]"),
    ("printf", "\"%t\"", "(list true 1 \"x\")", "[true %!t(int=1) %!t(string=x)]"),
    ("printf", "\"%e\"", "(list 1 1.5 \"x\")", "[%!e(int=1) 1.500000e+00 %!e(string=x)]"),
    ("printf", "\"%6.2f|%-8v|\"", "(list 1.5 2) (dict \"a\" 1)", "[  1.50 %!f(int=    02)]|map[a       :1       ]|"),
    ("printf", "\"%p\"", "1", "%!p(int=1)"),
    ("printf", "\"%p\"", "\"x\"", "%!p(string=x)"),
    ("printf", "\"%p\"", "nil", "%!p(<nil>)"),
    ("printf", "\"%T|%5T|%-8T|%.3T\"", "\"a\" 1 nil (list)", "string|  int|<nil>   |[]i"),
    ("printf", "\"%v %v %v %v %v\"", "(int64 0) 0 -0.0 0.0 (float64 \"1e-320\")", "0 0 -0 0 1e-320"),
    ("printf", "\"abc%\"", "1", "abc%!(NOVERB)%!(EXTRA int=1)"),
    ("printf", "\"%-\"", "", "%!(NOVERB)"),
    ("printf", "\"%#\"", "1", "%!(NOVERB)%!(EXTRA int=1)"),
    ("printf", "\"%3.2\"", "1", "%!(NOVERB)%!(EXTRA int=1)"),
    ("printf", "\"%.*\"", "1", "%!(NOVERB)"),
    ("printf", "\"%*\"", "1", "%!(NOVERB)"),
    ("printf", "\"%d%d%d\"", "1 2", "12%!d(MISSING)"),
    ("printf", "\"%.2v|%5.1q|%.3x\"", "\"日本語\" \"日本語\" \"日本語\"", "日本|  \"日\"|e697a5"),
    ("printf", "\"%U|%#U|%#U|%#U\"", "-5 31 173 1114112", "U+FFFFFFFFFFFFFFFB|U+001F|U+00AD|U+110000"),
    ("printf", "\"%c|%c|%q|%q|%+q|%q|%q\"", "55296 1114112 55296 127 1114111 39 34", "�|�|'�'|'\\x7f'|'\\U0010ffff'|'\\''|'\"'"),
];

#[test]
fn printf_matches_helm() {
    let mut failures = String::new();
    for (func, fmt, args, want) in CASES {
        let argv = parse_args(args);
        let got = match *func {
            "printf" => {
                let f = String::from_utf8(go_unquote(&fmt[1..fmt.len() - 1])).unwrap();
                sprintf(&f, &argv)
            }
            "print" => sprint(&argv),
            _ => sprintln(&argv),
        };
        if got != *want {
            failures.push_str(&alloc::format!(
                "{func} {fmt} {args}\n  want {want:?}\n  got  {got:?}\n"
            ));
        }
    }
    assert!(failures.is_empty(), "{failures}");
}

#[test]
fn huge_widths_are_bounded_like_go() {
    // Go stops reading a width once it passes a million; past that it is not a width at all.
    // Expectations from Helm v4.2.3.
    let one = [Value::Int(1)];
    let s = sprintf("%1000000d|", &one);
    assert_eq!(s.len(), 1_000_001);
    assert!(s.ends_with("1|"));
    assert_eq!(sprintf("%10000000d|", &one).len(), 10_000_001);
    assert_eq!(sprintf("%100000000d|", &one), "%!(NOVERB)%!(EXTRA int=1)");
}

#[test]
fn unsigned_values() {
    // Go: %v of a uint64 is decimal, %#v hexadecimal; badVerb names the type uint64.
    let u = [Value::Uint(255)];
    assert_eq!(
        sprintf(
            "%v|%#v|%d|%x",
            &[u[0].clone(), u[0].clone(), u[0].clone(), u[0].clone()]
        ),
        "255|0xff|255|ff"
    );
    assert_eq!(sprintf("%s", &u), "%!s(uint64=255)");
    assert_eq!(sprintf("%*d", &[Value::Uint(3), Value::Int(1)]), "  1");
}

#[test]
fn cyclic_maps_stop() {
    // Go overflows its stack on a map that contains itself; we stop at the depth limit.
    let m = Map::new();
    m.insert("a", Value::Map(m.clone()));
    let s = sprint(&[Value::Map(m.clone())]);
    assert!(s.starts_with("map[a:map[a:"));
    assert!(s.contains("..."));
    // Two self references double the work at each level: the output budget stops it.
    m.insert("b", Value::Map(m.clone()));
    let mut p = super::print::Printer::with_budget(100_000);
    p.do_printf("%v", &[Value::Map(m.clone())]);
    let n = p.finish().len();
    assert!((100_000..=100_100).contains(&n), "{n}");
    m.remove("a");
    m.remove("b");
}

#[test]
fn deep_nesting_prints_without_recursion() {
    let mut v = Value::Int(1);
    for _ in 0..5000 {
        v = Value::list(alloc::vec![v]);
    }
    let s = super::format_v(&v);
    assert_eq!(s.len(), 10001);
}
