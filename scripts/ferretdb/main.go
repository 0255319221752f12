// Command ferretdb-embed runs FerretDB 1.24 (SQLite backend) on a loopback port.
//
// FerretDB's own command needs build/version/version.txt, which is generated at release
// time, so `go install` of it panics at start; embedding its library package avoids that.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on")
	dir := flag.String("dir", "./data", "directory for the SQLite files")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fail(err)
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		fail(err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Logger:    logger,
		Handler:   "sqlite",
		// _txlock=immediate: a write transaction takes SQLite's write lock when it begins and waits
		// for it (busy_timeout), instead of starting as a reader and failing with "database is
		// locked" when another writer committed meanwhile (seen under load as 500s).
		// synchronous(normal): in WAL mode, commits survive a crash of this process (what the
		// fault suite does) without an fsync per commit; only an OS crash may lose the last ones.
		SQLiteURL: "file:" + *dir + "/?_txlock=immediate&_pragma=synchronous(normal)",
	})
	if err != nil {
		fail(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	fmt.Fprintln(os.Stdout, "ferretdb listening on", *listen)
	if err := f.Run(ctx); err != nil && ctx.Err() == nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "ferretdb-embed:", err)
	os.Exit(1)
}
