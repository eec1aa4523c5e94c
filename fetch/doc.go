// Package fetch downloads web pages and news feeds for the parsers.
//
// A Fetcher makes one GET at a time, with a timeout, a cap on the body
// and a limit on redirects, and returns the body as it came (a
// Response), for package page to decode and parse, and package feed to
// read feeds from. Every error is an *Error, which carries the status and
// the header of a response that was not 2xx (Error.RetryAfter reads its
// Retry-After).
//
// Do takes the options of one request (Request): validators of an
// earlier response (Response.Validators) make it conditional, so that an
// unchanged resource is a Response whose NotModified is true, with no
// body.
//
// A Guard is a transport that enforces an address policy on the resolved
// IP at dial time: it refuses every address the IANA special-purpose
// registries do not mark globally reachable, judging IPv4 carried in IPv6
// (mapped, NAT64, 6to4) as IPv4 (Forbidden), except for the first hop of a
// Request marked Trusted, a URL a person gave. Package crawl uses it for
// every URL it discovers.
package fetch
