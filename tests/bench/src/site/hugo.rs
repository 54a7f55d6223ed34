//! The Hugo site with the same advisory files as the generated `csirt` site, and a small layout written here.

use std::path::Path;

use crate::generate::{SECTION, copy_tree, write, write_advisories};

/// Hugo's configuration: the fixture's team, a main menu as long as the fixture's, no taxonomies (the site has
/// none), future dates built (the advisories' dates must not depend on the clock) and feeds of the newest 50
/// pages, as `csirt`'s.
const HUGO_CONFIG: &str = r#"baseURL = "https://csirt.contoh.go.id/"
languageCode = "id"
title = "Contoh-CSIRT"
disableKinds = ["taxonomy", "term"]
buildFuture = true

[services.rss]
limit = 50

[params]
organisation = "Dinas Kominfo Contoh"
address = "Jalan Contoh 1"
email = "csirt@contoh.go.id"
phone = "(0541) 000000"
hours = "Senin-Jumat"
footer_links = [
  { name = "Lapor insiden", url = "/lapor/" },
  { name = "Cek status", url = "/status/" },
  { name = "Kebijakan", url = "/kebijakan/" },
  { name = "RFC 2350", url = "/rfc2350/" },
  { name = "Statistik", url = "/statistik/" },
]

[menu]
main = [
  { name = "Beranda", url = "/", weight = 1 },
  { name = "Peringatan", url = "/peringatan/", weight = 2 },
  { name = "Panduan", url = "/panduan/", weight = 3 },
  { name = "Lapor insiden", url = "/lapor/", weight = 4 },
  { name = "Cek status", url = "/status/", weight = 5 },
  { name = "Hall of Fame", url = "/hall-of-fame/", weight = 6 },
  { name = "Statistik", url = "/statistik/", weight = 7 },
  { name = "SOP", url = "/sop/", weight = 8 },
  { name = "RFC 2350", url = "/rfc2350/", weight = 9 },
  { name = "Kebijakan", url = "/kebijakan/", weight = 10 },
]
"#;

/// The page frame, as the site's `base.html`: head, header with the menu, main, footer with contacts and links.
const HUGO_BASEOF: &str = r##"<!doctype html>
<html lang="{{ .Site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} — {{ .Site.Title }}</title>
{{ with .Description }}<meta name="description" content="{{ . }}">{{ end }}
<link rel="canonical" href="{{ .Permalink }}">
<link rel="stylesheet" href="/assets/site.css">
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
{{ block "head" . }}{{ end }}
</head>
<body>
<a class="skip-link" href="#isi">Langsung ke isi</a>
<header class="site-header">
  <div class="wrap header-row">
    <a class="brand" href="/"><span class="brand-name">{{ .Site.Title }}</span><span class="brand-org">{{ .Site.Params.organisation }}</span></a>
    <a class="lang-switch" href="/en/" hreflang="en" lang="en">English</a>
  </div>
  <nav class="wrap main-nav" aria-label="Menu utama">
    <ul>
    {{ $current := .RelPermalink }}{{ range .Site.Menus.main }}<li><a href="{{ .URL }}"{{ if eq .URL $current }} aria-current="page"{{ end }}>{{ .Name }}</a></li>
    {{ end }}
    </ul>
  </nav>
</header>
<main id="isi" class="wrap">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer">
  <div class="wrap footer-grid">
    <section aria-labelledby="kontak-judul">
      <h2 id="kontak-judul">Kontak</h2>
      <p>{{ .Site.Title }}<br>{{ .Site.Params.organisation }}<br>{{ .Site.Params.address }}</p>
      <p>Surel: <a href="mailto:{{ .Site.Params.email }}">{{ .Site.Params.email }}</a><br>Telepon: {{ .Site.Params.phone }}<br>{{ .Site.Params.hours }}</p>
    </section>
    <section aria-labelledby="tautan-judul">
      <h2 id="tautan-judul">Tautan lain</h2>
      <ul>
        {{ range .Site.Params.footer_links }}<li><a href="{{ .url }}">{{ .name }}</a></li>
        {{ end }}<li><a href="/.well-known/security.txt">security.txt</a></li>
      </ul>
    </section>
  </div>
</footer>
</body>
</html>
"##;

/// One advisory, as the site's `page.html`.
const HUGO_SINGLE: &str = r#"{{ define "main" }}
<article class="prose">
<h1>{{ .Title }}</h1>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time></p>
{{ .Content }}
</article>
{{ end }}
"#;

/// A section (and the home page), as the site's `advisories.html`: every page, newest first, and the feed.
const HUGO_LIST: &str = r#"{{ define "head" }}{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" title="{{ $.Title }}" href="{{ .RelPermalink }}">{{ end }}{{ end }}
{{ define "main" }}
<h1>{{ .Title }}</h1>
<div class="prose">{{ .Content }}</div>
<ul class="cards">
{{ range .Pages }}<li class="card"><a href="{{ .RelPermalink }}">{{ .Title }}</a><p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time></p>{{ with .Description }}<p>{{ . }}</p>{{ end }}</li>
{{ else }}<li>Belum ada peringatan.</li>
{{ end }}
</ul>
{{ with .OutputFormats.Get "rss" }}<p><a href="{{ .RelPermalink }}">Umpan peringatan</a></p>{{ end }}
{{ end }}
"#;

/// Writes a Hugo site into `root`: `config.toml`, `layouts/_default/` (`baseof.html`, `single.html`,
/// `list.html`), the home page, the advisories section with advisories `0..n` and `static/` (a copy of the
/// site's static files). No theme.
pub fn hugo_site(root: &Path, templates: &Path, n: u64) -> Result<(), String> {
    write(&root.join("config.toml"), HUGO_CONFIG)?;
    let layouts = root.join("layouts").join("_default");
    write(&layouts.join("baseof.html"), HUGO_BASEOF)?;
    write(&layouts.join("single.html"), HUGO_SINGLE)?;
    write(&layouts.join("list.html"), HUGO_LIST)?;
    let content = root.join("content");
    write(
        &content.join("_index.md"),
        "+++\ntitle = \"Beranda\"\n+++\nHalaman Beranda. Lihat [peringatan](/peringatan/).\n",
    )?;
    let section = content.join(SECTION);
    write(
        &section.join("_index.md"),
        "+++\ntitle = \"Peringatan\"\n+++\nPeringatan keamanan.\n",
    )?;
    write_advisories(&section, n)?;
    copy_tree(&templates.join("static"), &root.join("static"))
}
