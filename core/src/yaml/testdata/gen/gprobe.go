package main

// Reads JSON lines {"op":..., "in": ...} and answers one JSON line each.
import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
	"strings"

	yaml2 "go.yaml.in/yaml/v2"
	yaml3 "go.yaml.in/yaml/v3"
	"sigs.k8s.io/yaml"
)

// dump renders a Go value with types, deterministically.
func dump(v interface{}) string {
	switch x := v.(type) {
	case nil:
		return "nil"
	case bool:
		return fmt.Sprintf("%v", x)
	case int:
		return fmt.Sprintf("int(%d)", x)
	case int64:
		return fmt.Sprintf("int64(%d)", x)
	case uint64:
		return fmt.Sprintf("uint64(%d)", x)
	case float64:
		if math.IsNaN(x) { return "float(NaN)" }
		return fmt.Sprintf("float(%s)", strings.TrimSuffix(fmt.Sprintf("%v", x), ""))
	case string:
		return fmt.Sprintf("%q", x)
	case []interface{}:
		parts := []string{}
		for _, e := range x { parts = append(parts, dump(e)) }
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]interface{}:
		keys := []string{}
		for k := range x { keys = append(keys, k) }
		sort.Strings(keys)
		parts := []string{}
		for _, k := range keys { parts = append(parts, fmt.Sprintf("%q: %s", k, dump(x[k]))) }
		return "{" + strings.Join(parts, ", ") + "}"
	default:
		return fmt.Sprintf("?%T(%v)", v, v)
	}
}

// build makes a Go value from a typed JSON description.
func build(d interface{}) interface{} {
	switch x := d.(type) {
	case nil:
		return nil
	case bool:
		return x
	case string:
		return x
	case []interface{}:
		out := []interface{}{}
		for _, e := range x { out = append(out, build(e)) }
		return out
	case map[string]interface{}:
		if t, ok := x["$t"]; ok {
			switch t {
			case "int": return int(x["v"].(float64))
			case "i64s": var n int64; fmt.Sscan(x["v"].(string), &n); return n
			case "u64s": var n uint64; fmt.Sscan(x["v"].(string), &n); return n
			case "float": return x["v"].(float64)
			case "fspecial":
				switch x["v"] { case "nan": return math.NaN(); case "inf": return math.Inf(1); case "-inf": return math.Inf(-1); case "-0": return math.Copysign(0, -1) }
			case "bytes": b, _ := base64.StdEncoding.DecodeString(x["v"].(string)); return b
			case "strs": out := []string{}; for _, e := range x["v"].([]interface{}) { out = append(out, e.(string)) }; return out
			case "hexstr": b, _ := hexdec(x["v"].(string)); return string(b)
			}
		}
		out := map[string]interface{}{}
		for k, v := range x { out[k] = build(v) }
		return out
	case float64:
		return x
	}
	return nil
}

func hexdec(s string) ([]byte, error) {
	b := make([]byte, len(s)/2)
	for i := 0; i < len(b); i++ { fmt.Sscanf(s[2*i:2*i+2], "%02x", &b[i]) }
	return b, nil
}

func main() {
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriter(os.Stdout)
	dec := json.NewDecoder(in)
	for {
		var req map[string]interface{}
		if err := dec.Decode(&req); err != nil { break }
		res := map[string]interface{}{}
		func() {
			defer func() { if r := recover(); r != nil { res["panic"] = fmt.Sprint(r) } }()
			switch req["op"] {
			case "unmarshal":
				var obj interface{}
				err := yaml.Unmarshal([]byte(req["in"].(string)), &obj)
				if err != nil { res["err"] = err.Error() } else { res["out"] = dump(obj) }
			case "unmarshal_map":
				m := map[string]interface{}{}
				err := yaml.Unmarshal([]byte(req["in"].(string)), &m)
				if err != nil { res["err"] = err.Error() } else { res["out"] = dump(m) }
			case "v2decode":
				d := yaml2.NewDecoder(strings.NewReader(req["in"].(string)))
				docs := []string{}
				for {
					var obj interface{}
					err := d.Decode(&obj)
					if err != nil { if err.Error() != "EOF" { res["err"] = err.Error() }; break }
					docs = append(docs, fmt.Sprintf("%#v", obj))
				}
				res["out"] = strings.Join(docs, " ||| ")
			case "marshal":
				b, err := yaml.Marshal(build(req["in"]))
				if err != nil { res["err"] = err.Error() } else { res["out"] = string(b) }
			case "pretty":
				var buf bytes.Buffer
				e := yaml3.NewEncoder(&buf)
				e.SetIndent(2)
				err := e.Encode(build(req["in"]))
				if err != nil { res["err"] = err.Error() } else { res["out"] = buf.String() }
			case "roundtrip", "roundtrip_pretty":
				var obj interface{}
				if err := yaml.Unmarshal([]byte(req["in"].(string)), &obj); err != nil { res["err"] = err.Error(); break }
				if req["op"] == "roundtrip" {
					b, err := yaml.Marshal(obj)
					if err != nil { res["err"] = err.Error() } else { res["out"] = string(b) }
				} else {
					var buf bytes.Buffer
					e := yaml3.NewEncoder(&buf)
					e.SetIndent(2)
					if err := e.Encode(obj); err != nil { res["err"] = err.Error() } else { res["out"] = buf.String() }
				}
			case "json":
				b, err := json.Marshal(build(req["in"]))
				if err != nil { res["err"] = err.Error() } else { res["out"] = string(b) }
			}
		}()
		b, _ := json.Marshal(res)
		out.Write(b); out.WriteByte('\n'); out.Flush()
	}
}
