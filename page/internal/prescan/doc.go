// Package prescan holds what package page does with a page's bytes before
// and around html.Parse, to keep a hostile page's cost bounded and a real
// page's low: CheckBudget estimates, in one pass with no allocation, the
// DOM nodes the markup can make and refuses a page past MaxNodes;
// DropCode empties the text of <style> and non-JSON-LD <script> elements,
// which is most of a modern page and which nothing reads, the outlines
// of inline svg icons, and all but a byte of the white space between
// tags, so that the parser builds the same tree for less; Prepare does both in one pass,
// the scan that finds the code counting the nodes as it reads the tags;
// NestingCost bounds the work go-readability would do on a parsed tree.
//
// These scans read the bytes as x/net/html's tokenizer does, without
// tokenizing; a differential test and a fuzz target in package page check
// them against html.Parse.
package prescan
