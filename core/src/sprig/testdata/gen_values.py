#!/usr/bin/env python3
"""Writes random Sprig cases, one template a line: python3 gen_values.py SEED COUNT > cases.txt"""
import random, sys
random.seed(int(sys.argv[1]))
def atom(d=0):
    r = random.random()
    opts = ['0','1','-3','7','2.5','-0.5','1e3','0.1','"12"','"0x1F"','"3.7"','"abc"','""','nil','true','false',
            '.Values.f','.Values.n','.Values.z','.Values.s','.Values.e','.Values.nl','.Values.m','.Values.l','.Values.el','.Values.em','.Values.t',
            '"1.0"','"017"','"-5"','" 4"','"1e2"','"inf"','"NaN"','9223372036854775807','-9223372036854775808','1e20','"_"']
    if d < 2 and r < 0.15:
        n = random.randint(0,4)
        return '(list ' + ' '.join(atom(d+1) for _ in range(n)) + ')'
    if d < 2 and r < 0.22:
        n = random.randint(0,2)
        return '(dict ' + ' '.join(random.choice(['"a"','"b"','"c"']) + ' ' + atom(d+1) for _ in range(n)) + ')'
    if d < 2 and r < 0.27:
        return '(splitList "," ' + random.choice(['"a,b"','""','"b,a,b"']) + ')'
    return random.choice(opts)
funcs = {'add':(0,3),'sub':(2,2),'mul':(1,3),'div':(2,2),'mod':(2,2),'max':(1,3),'min':(1,3),'addf':(0,3),'subf':(1,3),'mulf':(1,3),'divf':(1,3),
 'maxf':(1,3),'minf':(1,3),'ceil':(1,1),'floor':(1,1),'int':(1,1),'int64':(1,1),'float64':(1,1),'toDecimal':(1,1),'toString':(1,1),'add1':(1,1),'add1f':(1,1),
 'default':(1,2),'empty':(1,1),'coalesce':(0,3),'all':(0,3),'any':(0,3),'first':(1,1),'rest':(1,1),'last':(1,1),'initial':(1,1),'reverse':(1,1),'uniq':(1,1),
 'compact':(1,1),'without':(1,3),'has':(2,2),'slice':(1,3),'concat':(0,3),'sortAlpha':(1,1),'toStrings':(1,1),'typeOf':(1,1),'kindOf':(1,1),
 'deepEqual':(2,2),'list':(0,3),'dict':(0,4),'cat':(0,3),'quote':(0,3),'squote':(0,3),'append':(2,2),'prepend':(2,2),'deepCopy':(1,1),'keys':(0,2),
 'values':(1,1),'pluck':(1,3),'pick':(1,3),'omit':(1,3),'merge':(1,3),'mergeOverwrite':(1,3),'get':(2,2),'hasKey':(2,2),'dig':(3,4),'join':(2,2),'until':(1,1),'seq':(0,3),'untilStep':(3,3),'chunk':(2,2),'round':(2,3)}
out=[]
for i in range(int(sys.argv[2])):
    f = random.choice(list(funcs))
    lo, hi = funcs[f]
    args = [atom() for _ in range(random.randint(lo, hi))]
    t = '{{ ' + f + ' ' + ' '.join(args) + ' }}'
    if random.random() < 0.3:
        t = '{{ ' + f + ' ' + ' '.join(args) + ' | typeOf }}'
    out.append(t)
print('\n'.join(out))
