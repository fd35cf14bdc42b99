#!/usr/bin/env python3
"""Writes random Sprig cases, one template a line: python3 gen_strings.py SEED COUNT > cases.txt"""
import random, json, sys
random.seed(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
alphabet = list("aAbBzZ019_- .,/:'\"\t") + ["é","É","ß","ǅ","ǆ","Σ","ς","İ","ı","K","ſ","日","本","ᾳ","ა","١","²","\u00a0","\u2028","😀","Ⓐ","ª"]
funcs = ["snakecase","kebabcase","camelcase","swapcase","title","untitle","initials","nospace","upper","lower","trim","quote","squote","b64enc","b32enc","sha1sum","adler32sum","regexQuoteMeta","base","dir","clean","ext"]
out = []
def tstr(s):
    return json.dumps(s, ensure_ascii=False).replace("\u2028","\\u2028").replace("\u00a0","\\u00a0")
for i in range(int(sys.argv[2]) if len(sys.argv) > 2 else 300):
    n = random.randint(0, 12)
    s = "".join(random.choice(alphabet) for _ in range(n))
    f = random.choice(funcs + ["wrap","wrapWith","abbrev","abbrevboth","trunc","substr","repeat","indent","splitList","b64dec","b32dec","regexFindAll","regexReplaceAll","regexSplit"])
    lit = tstr(s)
    if f == "wrap": t = f"{{{{ wrap {random.randint(-1,6)} {lit} }}}}"
    elif f == "wrapWith": t = f"{{{{ wrapWith {random.randint(-1,6)} \"|\" {lit} }}}}"
    elif f == "abbrev": t = f"{{{{ abbrev {random.randint(0,10)} {lit} }}}}"
    elif f == "abbrevboth": t = f"{{{{ abbrevboth {random.randint(-2,8)} {random.randint(0,12)} {lit} }}}}"
    elif f == "trunc": t = f"{{{{ trunc {random.randint(-8,8)} {lit} }}}}"
    elif f == "substr": t = f"{{{{ substr {random.randint(-2,6)} {random.randint(-2,10)} {lit} }}}}"
    elif f == "repeat": t = f"{{{{ repeat {random.randint(0,3)} {lit} }}}}"
    elif f == "indent": t = f"{{{{ indent {random.randint(0,3)} {lit} }}}}"
    elif f == "splitList": t = f"{{{{ splitList {tstr(random.choice(['',' ','a','_','-']))} {lit} }}}}"
    elif f == "b64dec":
        b = ''.join(random.choice('aGVsbG8=+/\n') for _ in range(random.randint(0,10)))
        t = "{{ b64dec " + tstr(b) + " }}"
    elif f == "b32dec":
        b = ''.join(random.choice('MFRGA2=\n') for _ in range(random.randint(0,12)))
        t = "{{ b32dec " + tstr(b) + " }}"
    elif f.startswith("regex"):
        pat = random.choice(["a*","[a-z]+","\\\\w","\\\\s*","(.)","(?i)s","\\\\b","x*","^","$","\\\\pL+","[^a]","é|ß","(a|b)*?"])
        if f == "regexFindAll": t = f"{{{{ regexFindAll \"{pat}\" {lit} {random.randint(-1,3)} }}}}"
        elif f == "regexSplit": t = f"{{{{ regexSplit \"{pat}\" {lit} {random.randint(-1,3)} }}}}"
        else: t = f"{{{{ regexReplaceAll \"{pat}\" {lit} \"<$1>\" }}}}"
    else: t = f"{{{{ {f} {lit} }}}}"
    out.append(t)
print("\n".join(out))
