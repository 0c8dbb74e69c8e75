package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"
)

// Limits on fetching a web address.
const (
	FetchTimeout      = 30 * time.Second // for the whole exchange, body included
	MaxRedirects      = 5
	MaxFetchBytes     = MaxFileBytes // a page; a PDF may be up to MaxPDFBytes
	fetchUserAgent    = "Gloss (article import; +https://gloss.invalid/)"
	fetchAcceptHeader = "text/html, application/xhtml+xml, application/pdf;q=0.9, text/markdown;q=0.8, text/plain;q=0.7"
)

// fetchTypes maps the media types Gloss imports from the web to the file
// extension that picks their reader.
var fetchTypes = map[string]string{
	"text/html": ".html", "application/xhtml+xml": ".html", "application/pdf": ".pdf",
	"text/plain": ".txt", "text/markdown": ".md", "text/x-markdown": ".md",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
	"application/vnd.oasis.opendocument.text":                                 ".odt",
}

// IsWebAddress reports whether s is an http or https URL, which Paths-style
// callers fetch rather than read from disk.
func IsWebAddress(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

// Fetch gets the article at a web address and reads it as the file it
// is (a page, a PDF, ...). The document keeps the address as its URL and
// says in Source when it was fetched. Every failure is an error that
// starts with the address: a malformed or non-web address, a server that
// cannot be reached or does not answer within FetchTimeout, more than
// MaxRedirects redirects, an answer other than 200 OK, a type of content
// Gloss does not read, and content over the size limit.
func (o Options) Fetch(ctx context.Context, rawURL string) (*Article, error) {
	rawURL = strings.TrimSpace(rawURL)
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, invalid(rawURL, "not a web address (Gloss fetches http:// and https:// addresses)")
	}
	if len(rawURL) > maxURL {
		return nil, invalid(shorten(rawURL, 80), fmt.Sprintf("the address is longer than %d characters", maxURL))
	}
	client := o.Client
	if client == nil {
		client = &http.Client{}
	}
	timeout := o.Timeout
	if timeout == 0 {
		timeout = FetchTimeout
	}
	c := *client
	c.Timeout = timeout
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) > MaxRedirects {
			return errTooManyRedirects
		}
		if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
			return fmt.Errorf("the server redirected to %s, which is not a web address", req.URL.Scheme+":")
		}
		return nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, invalid(rawURL, "not a web address")
	}
	req.Header.Set("User-Agent", fetchUserAgent)
	req.Header.Set("Accept", fetchAcceptHeader)
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	fetched := now().UTC()
	resp, err := c.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, invalid(rawURL, fetchFailure(err, timeout))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, invalid(rawURL, fmt.Sprintf("the server answered %s", statusText(resp.StatusCode)))
	}
	mediaType, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	ext, ok := fetchTypes[mediaType]
	if !ok {
		if mediaType == "" {
			return nil, invalid(rawURL, "the server did not say what it sent (no Content-Type); save the page and import the file")
		}
		return nil, invalid(rawURL, fmt.Sprintf("not an article: the server sent %s, which Gloss does not import", mediaType))
	}
	limit := int64(MaxFetchBytes)
	if ext == ".pdf" {
		limit = MaxPDFBytes
	}
	if resp.ContentLength > limit {
		return nil, tooLarge(rawURL, resp.ContentLength, limit)
	}
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(io.LimitReader(resp.Body, limit+1)); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, invalid(rawURL, "the download broke off: "+fetchFailure(err, timeout))
	}
	if int64(buf.Len()) > limit {
		return nil, tooLarge(rawURL, int64(buf.Len()), limit)
	}
	name := path.Base(resp.Request.URL.Path)
	if name == "/" || name == "." || name == "" {
		name = resp.Request.URL.Host
	}
	if !strings.EqualFold(path.Ext(name), ext) {
		name += ext
	}
	a, err := o.parse(ctx, rawURL, name, buf.Bytes(), 1, 1)
	if err != nil {
		return nil, err
	}
	a.Doc.URL = webURL(rawURL)
	a.Doc.Source = shorten(fmt.Sprintf("%s (fetched %s)", rawURL, fetched.Format("2006-01-02 15:04 UTC")), 1000)
	if a.Original != nil {
		a.Original.Name = name
	}
	if final := resp.Request.URL.String(); final != u.String() {
		a.Report.Notes = append(a.Report.Notes, "redirected to "+final)
	}
	return a, nil
}

var errTooManyRedirects = fmt.Errorf("the server redirected more than %d times", MaxRedirects)

// fetchFailure says in a sentence why a request failed.
func fetchFailure(err error, timeout time.Duration) string {
	var ne net.Error
	var dns *net.DNSError
	var ue *url.Error
	switch {
	case errors.Is(err, errTooManyRedirects):
		return errTooManyRedirects.Error()
	case errors.As(err, &dns):
		return "could not find the server " + dns.Name
	case errors.As(err, &ne) && ne.Timeout():
		return fmt.Sprintf("the server did not answer within %s", timeout)
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Sprintf("the server did not answer within %s", timeout)
	case errors.As(err, &ue) && ue.Err != nil:
		var op *net.OpError
		if errors.As(ue.Err, &op) && op.Op == "dial" {
			return "could not connect to the server (" + strings.TrimPrefix(op.Err.Error(), "connect: ") + ")"
		}
		return strings.TrimPrefix(ue.Err.Error(), "net/http: ")
	}
	return err.Error()
}

// statusText is "404 Not Found".
func statusText(code int) string {
	if t := http.StatusText(code); t != "" {
		return fmt.Sprintf("%d %s", code, t)
	}
	return fmt.Sprintf("%d", code)
}
