package source

import (
	"context"
	"io"
	"sync"
)

// A ctxReader reads a regular file, whose reads do not block for long,
// and fails with the context's cause between reads once it is done.
type ctxReader struct {
	ctx context.Context
	r   io.ReadCloser
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if c.ctx.Err() != nil {
		return 0, context.Cause(c.ctx)
	}
	return c.r.Read(p)
}

func (c *ctxReader) Close() error { return c.r.Close() }

// pumpChunk is the size of the reads of a pump.
const pumpChunk = 32 << 10

type chunk struct {
	b   []byte
	err error
}

// A pump reads a source that may block for ever (standard input, a pipe,
// a terminal) in a goroutine of its own, one chunk ahead, so that Read
// can give up when the context is done. A read that never returns is
// abandoned with its goroutine, which ends with the process.
type pump struct {
	ctx       context.Context
	ch        chan chunk
	done      chan struct{}
	cur       []byte
	err       error
	src       io.ReadCloser
	closeOnce sync.Once
}

func newPump(ctx context.Context, src io.ReadCloser) *pump {
	p := &pump{ctx: ctx, ch: make(chan chunk), done: make(chan struct{}), src: src}
	go p.run()
	return p
}

func (p *pump) run() {
	for {
		buf := make([]byte, pumpChunk)
		n, err := p.src.Read(buf)
		select {
		case p.ch <- chunk{buf[:n], err}:
		case <-p.done:
			return
		}
		if err != nil {
			return
		}
	}
}

func (p *pump) Read(b []byte) (int, error) {
	for len(p.cur) == 0 {
		if p.err != nil {
			return 0, p.err
		}
		select {
		case c := <-p.ch:
			p.cur, p.err = c.b, c.err
		case <-p.ctx.Done():
			return 0, context.Cause(p.ctx)
		}
	}
	n := copy(b, p.cur)
	p.cur = p.cur[n:]
	return n, nil
}

func (p *pump) Close() error {
	var err error
	p.closeOnce.Do(func() {
		close(p.done)
		err = p.src.Close()
	})
	return err
}
