// Command crashchild is the writer process of package store's crash test.
// It ingests n generated articles into the SQLite store at path, one
// transaction each, and writes the index of each article it has committed
// to standard output; the test kills it with SIGKILL at random points.
// It resumes a few articles before where the store ends, so articles that
// an earlier, killed run stored are put again.
//
// The test builds it without the race detector: the race detector slows
// the translated SQLite code by a factor of 20, and this process runs a
// single goroutine.
//
// Usage: crashchild path n
package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/store"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: crashchild path n")
		os.Exit(2)
	}
	n, err := strconv.Atoi(os.Args[2])
	if err == nil {
		err = run(os.Args[1], n)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "crashchild:", err)
		os.Exit(1)
	}
}

func run(path string, n int) error {
	ctx := context.Background()
	s, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	defer s.Close()
	st, err := s.Status(ctx)
	if err != nil {
		return err
	}
	for i := max(0, int(st.Articles)-5); i < n; i++ {
		if _, err := s.Put(ctx, Article(i), store.PutInfo{Source: "file"}); err != nil {
			return err
		}
		if _, err := os.Stdout.WriteString(strconv.Itoa(i) + "\n"); err != nil {
			return err
		}
	}
	return nil
}

// Article returns the i-th article: its URL is https://crash.example/i,
// and its body is random words, so that no two articles are near copies.
func Article(i int) *newslooks.Article {
	rng := rand.New(rand.NewPCG(99, uint64(i)))
	const letters = "abcdefghijklmnopqrstuvwxyz"
	word := func() string {
		b := make([]byte, 3+rng.IntN(6))
		for k := range b {
			b[k] = letters[rng.IntN(len(letters))]
		}
		return string(b)
	}
	var paras []string
	for range 5 {
		ws := make([]string, 60)
		for k := range ws {
			ws[k] = word()
		}
		paras = append(paras, strings.Join(ws, " ")+".")
	}
	return &newslooks.Article{
		Headline: "Article " + strconv.Itoa(i),
		URL:      "https://crash.example/" + strconv.Itoa(i),
		Sections: []newslooks.Section{{Paragraphs: paras}},
	}
}
