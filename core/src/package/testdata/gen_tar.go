// Generates tar_cases.json: the bytes Go's archive/tar writes for Helm's header fields
// (name, mode 0644, size, mtime; format chosen automatically), one case per entry.
// Run: go run gen_tar.go > tar_cases.json   (Go 1.26, as Helm v4.2.3 is built with)
package main

import (
	"archive/tar"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"strings"
	"time"
)

type tcase struct {
	Name  string `json:"name"`
	Size  int    `json:"size"`
	Mtime int64  `json:"mtime"`
	Nanos int64  `json:"nanos"`
	Len   int    `json:"len"`
	Hex   string `json:"hex"` // trailing zero bytes cut
}

func main() {
	long := func(c string, n int) string { return strings.Repeat(c, n) }
	names := []string{
		"x/Chart.yaml",
		"x/" + long("a", 98),
		"x/" + long("a", 99),
		"x/templates/" + long("b", 100),
		"x/templates/" + long("b", 101),
		long("p", 150) + "/" + long("n", 100),
		long("p", 155) + "/" + long("n", 10),
		long("p", 156) + "/" + long("n", 10),
		"x/" + long("d", 120) + "/" + "f.txt",
		"x/files/é.txt",
		"é",
		"x/files/" + long("é", 60) + ".txt",
		"x/" + long("c", 97) + "/" + long("z", 20),
		"x/" + long("c", 98) + "//z",
		long("q", 200),
	}
	var out []tcase
	for i, n := range names {
		out = append(out, one(n, i*7, 1700000000, 0))
	}
	for _, m := range []int64{0, -1, -86400 * 365 * 10, 8589934591, 8589934592, 9999999999} {
		out = append(out, one("x/Chart.yaml", 3, m, 0))
		out = append(out, one("x/"+long("l", 120)+"/f.yaml", 3, m, 0))
		out = append(out, one("x/ü.yaml", 3, m, 0))
	}
	out = append(out, one("x/Chart.lock", 5, 1577927045, 500000000))
	out = append(out, one("x/Chart.lock", 5, 1577927045, 499999999))
	out = append(out, one("x/big", 1024, 1, 0))
	out = append(out, one("x/big", 513, 1, 0))
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	enc.Encode(out)
}

func one(name string, size int, mtime, nanos int64) tcase {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	h := &tar.Header{Name: name, Mode: 0644, Size: int64(size), ModTime: time.Unix(mtime, nanos)}
	if err := tw.WriteHeader(h); err != nil {
		panic(err)
	}
	data := bytes.Repeat([]byte{'z'}, size)
	tw.Write(data)
	tw.Close()
	b := buf.Bytes()
	return tcase{Name: name, Size: size, Mtime: mtime, Nanos: nanos, Len: len(b), Hex: hex.EncodeToString(bytes.TrimRight(b, "\x00"))}
}
