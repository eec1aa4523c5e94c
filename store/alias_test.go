package store

import "github.com/newsingest/newslooks"

// Short names for the tests.
type (
	Article = newslooks.Article
	Section = newslooks.Section
	Image   = newslooks.Image
	Warning = newslooks.Warning
)
