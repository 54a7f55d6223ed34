//! The generated sites: the fixture's content with `n` advisory-like pages added to its advisories section, the
//! repository's templates and a case export with a large Hall of Fame, for `csirt build`; and a Hugo site with
//! the same advisory files and a small layout written here, for `hugo`.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{NaiveDate, TimeDelta};
use serde_json::{Value, json};

/// The advisories section of the fixture site (its `_index.md` uses `advisories.html`).
pub const SECTION: &str = "peringatan";

/// The date of the newest generated advisory; each older one is a day earlier.
const NEWEST_ADVISORY: NaiveDate = match NaiveDate::from_ymd_opt(2026, 11, 1) {
    Some(date) => date,
    None => panic!("2026-11-01 is a date"),
};

/// Products, weaknesses and severities the advisories' texts are made of.
const PRODUCTS: [&str; 12] = [
    "WordPress",
    "Joomla",
    "Apache HTTP Server",
    "Nginx",
    "OpenSSH",
    "FortiOS",
    "Microsoft Exchange",
    "phpMyAdmin",
    "Moodle",
    "Roundcube",
    "NetScaler ADC",
    "GitLab",
];
const WEAKNESSES: [&str; 6] = [
    "eksekusi kode jarak jauh",
    "injeksi SQL",
    "skrip lintas situs (XSS)",
    "pengambilalihan akun",
    "pembacaan berkas sembarang",
    "peningkatan hak akses",
];
const SEVERITIES: [&str; 3] = ["Kritis", "Tinggi", "Sedang"];
/// What Hall of Fame aliases are made of.
const ALIASES: [&str; 10] = [
    "budi_s", "rina.w", "agus", "dewi_k", "hendra", "siti_n", "yoga", "putri", "fajar", "lestari",
];

/// `YYYY-MM-DD` of the day `offset` days after the newest advisory (before it when negative).
pub fn date_of(offset: i64) -> String {
    (NEWEST_ADVISORY + TimeDelta::days(offset))
        .format("%Y-%m-%d")
        .to_string()
}

/// The file name (without `.md`) of advisory `i`.
fn advisory_stem(i: u64) -> String {
    format!("adv-{i:06}")
}

/// Advisory `i` (0 is the newest): TOML front matter with a title and a date, then about 600 words (some 4.5 KB)
/// of Markdown in seven sections: paragraphs, one with a link to the previous advisory, two lists and a table. The
/// same text serves both generators.
pub fn advisory(i: u64) -> String {
    let pick =
        |list: &[&'static str], salt: u64| list[((i * 7 + salt) % list.len() as u64) as usize];
    let product = pick(&PRODUCTS, 0);
    let other = pick(&PRODUCTS, 5);
    let weakness = pick(&WEAKNESSES, 1);
    let version = format!("{}.{}.{}", 2 + i % 7, i % 13, i % 5);
    let fixed = format!("{}.{}.{}", 2 + i % 7, i % 13, i % 5 + 1);
    let other_version = format!("{}.{}", 1 + i % 4, i % 10);
    let other_fixed = format!("{}.{}", 1 + i % 4, i % 10 + 1);
    let date = date_of(-(i as i64));
    let seen = date_of(-(i as i64) - 3);
    let agencies = 3 + i % 17;
    let previous = if i == 0 {
        format!("/{SECTION}/")
    } else {
        format!("/{SECTION}/{}/", advisory_stem(i - 1))
    };
    format!(
        "+++\n\
         title = \"Celah {weakness} pada {product} {version} (PRG-{i:06})\"\n\
         date = {date}\n\
         +++\n\
         ## Ringkasan\n\
         \n\
         Tim menerima laporan tentang celah {weakness} pada {product} versi {version} dan sebelumnya, yang \
         dipakai oleh sejumlah situs perangkat daerah. Penyerang yang tidak perlu masuk dapat memanfaatkan celah \
         ini dengan permintaan HTTP yang dirancang khusus, lalu membaca atau mengubah data di server. \
         Pemanfaatan aktif sudah teramati sejak {seen}, dan pemindaian otomatis terhadap alamat pemerintah daerah \
         meningkat tajam dalam beberapa hari terakhir. Peringatan ini melanjutkan \
         [peringatan sebelumnya]({previous}) tentang produk yang serupa. Menurut inventaris aset yang kami \
         pegang, sedikitnya {agencies} perangkat daerah masih menjalankan versi yang terdampak, sebagian besar \
         pada server yang dikelola pihak ketiga.\n\
         \n\
         ## Latar belakang\n\
         \n\
         {product} banyak dipakai di lingkungan pemerintah daerah karena mudah dipasang dan murah dirawat. \
         Banyak pemasangan dilakukan oleh penyedia jasa pada awal proyek lalu tidak pernah diperbarui, sehingga \
         versi lama bertahan bertahun-tahun di server produksi. Tim kami mencatat bahwa pada tahun lalu lebih \
         dari separuh insiden situs web yang ditangani berawal dari perangkat lunak yang tertinggal \
         pembaruannya. Karena itu setiap perangkat daerah diminta memeriksa daftar aplikasinya sendiri, tidak \
         hanya menunggu pemberitahuan dari tim.\n\
         \n\
         ## Dampak\n\
         \n\
         Bila berhasil dimanfaatkan, celah ini memungkinkan penyerang menjalankan perintah dengan hak akun \
         layanan web, memasang halaman judi daring atau penipuan, mencuri data pribadi warga yang tersimpan di \
         basis data, dan memakai server sebagai batu loncatan ke jaringan internal kantor. Situs yang sudah \
         disusupi sering dipakai lagi untuk menyebarkan perangkat lunak jahat kepada pengunjung, sehingga \
         kerugian tidak berhenti pada instansi pemilik situs. Kebocoran data pribadi juga wajib diberitahukan \
         kepada pemilik data sesuai peraturan perundang-undangan. Gangguan layanan publik daring juga dapat \
         terjadi bila penyerang menghapus data atau mengenkripsinya untuk meminta tebusan.\n\
         \n\
         ## Rincian teknis\n\
         \n\
         Celah terletak pada komponen yang mengolah masukan dari formulir publik tanpa pemeriksaan yang cukup. \
         Permintaan yang memuat nilai panjang dengan karakter khusus membuat {product} menafsirkan sebagian \
         masukan sebagai perintah. Kode pemanfaatan sudah beredar di forum terbuka dan dipakai oleh beberapa \
         kelompok penyerang. Produk lain yang memakai pustaka yang sama, termasuk {other} versi \
         {other_version}, juga perlu diperiksa. Pembuat perangkat lunak telah merilis pembaruan dan catatan \
         keamanan resmi; tidak ada cara penanganan sementara yang benar-benar menutup celah selain memperbarui.\n\
         \n\
         ## Langkah yang dianjurkan\n\
         \n\
         - Perbarui {product} ke versi {fixed} atau yang lebih baru secepatnya, dimulai dari server yang \
           dapat diakses dari internet.\n\
         - Batasi akses ke halaman administrasi hanya dari jaringan kantor atau melalui VPN.\n\
         - Periksa log akses sejak {seen} untuk permintaan yang tidak biasa ke formulir publik.\n\
         - Ganti kata sandi akun admin dan kunci API bila ada tanda penyusupan, lalu laporkan.\n\
         - Simpan salinan log dan berkas yang mencurigakan sebelum server dipulihkan, sebagai bukti.\n\
         - Pastikan cadangan data terbaru tersedia dan sudah diuji dapat dipulihkan.\n\
         - Aktifkan pemantauan integritas berkas pada direktori aplikasi agar perubahan yang tidak sah segera \
           diketahui.\n\
         \n\
         ## Cara memeriksa\n\
         \n\
         Bandingkan nomor versi yang tertera di halaman administrasi dengan tabel di bawah. Cari juga berkas \
         baru di direktori unggahan yang dibuat setelah {seen}, akun admin yang tidak dikenal, dan tugas \
         terjadwal yang menjalankan skrip dari alamat luar. Bila menemukan salah satu tanda tersebut, jangan \
         menghapus apa pun terlebih dahulu: putuskan server dari jaringan dan hubungi tim kami. Alat pemindai \
         yang disediakan pembuat perangkat lunak dapat membantu, tetapi hasilnya tetap perlu diperiksa oleh \
         petugas.\n\
         \n\
         | Produk | Versi terdampak | Versi perbaikan | Tingkat |\n\
         |---|---|---|---|\n\
         | {product} | {version} dan sebelumnya | {fixed} | {severity} |\n\
         | {other} | {other_version} dan sebelumnya | {other_fixed} | {other_severity} |\n\
         \n\
         ## Kontak\n\
         \n\
         Laporkan temuan, pertanyaan, atau tanda penyusupan melalui formulir laporan di situs ini atau surel \
         tim. Sertakan nama instansi, alamat situs yang terdampak, waktu kejadian, dan salinan log yang \
         relevan, agar penanganan dapat segera dimulai sesuai prosedur operasi standar tim. Tim membalas \
         setiap laporan paling lambat satu hari kerja dan memberi kode pelacakan untuk memantau kemajuan \
         penanganannya.\n",
        severity = pick(&SEVERITIES, 0),
        other_severity = pick(&SEVERITIES, 2),
    )
}

/// Writes advisories `0..n` into `dir`; returns the mean size of their Markdown bodies in bytes.
pub(crate) fn write_advisories(dir: &Path, n: u64) -> Result<u64, String> {
    let mut body_bytes = 0;
    for i in 0..n {
        let text = advisory(i);
        body_bytes += text.split_once("\n+++\n").map_or(0, |(_, body)| body.len()) as u64;
        write(&dir.join(format!("{}.md", advisory_stem(i))), &text)?;
    }
    Ok(body_bytes / n.max(1))
}

/// Rewrites advisory `i` in `dir` as a correction would: its text with one more paragraph naming `revision`.
pub(crate) fn edit_advisory(dir: &Path, i: u64, revision: u64) -> Result<(), String> {
    let text = format!(
        "{}\nPembaruan {revision}: versi perbaikan pada tabel sudah diperiksa ulang oleh tim.\n",
        advisory(i)
    );
    write(&dir.join(format!("{}.md", advisory_stem(i))), &text)
}

/// Writes `text` to `path`, creating its directory.
pub(crate) fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Copies the directory tree `from` to `to`.
pub fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    let entries =
        std::fs::read_dir(from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", from.display()))?;
        let source = entry.path();
        let target = to.join(entry.file_name());
        let kind = entry
            .file_type()
            .map_err(|e| format!("cannot read {}: {e}", source.display()))?;
        if kind.is_dir() {
            copy_tree(&source, &target)?;
        } else {
            std::fs::copy(&source, &target)
                .map_err(|e| format!("cannot copy {}: {e}", source.display()))?;
        }
    }
    Ok(())
}

/// The RSIT incident class keys the fixture's export uses (Hall of Fame entries and statistics), sorted.
pub fn export_classes(export: &Path) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(export)
        .map_err(|e| format!("cannot read {}: {e}", export.display()))?;
    let value: Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", export.display()))?;
    let mut classes: Vec<String> = value["hall_of_fame"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|entry| entry["incident_class"].as_str())
        .chain(
            value["closed_by_class"]
                .as_object()
                .into_iter()
                .flat_map(|counts| counts.keys().map(String::as_str)),
        )
        .map(str::to_owned)
        .collect();
    classes.sort();
    classes.dedup();
    if classes.is_empty() {
        return Err(format!("{} names no incident class", export.display()));
    }
    Ok(classes)
}

/// A case export with `entries` Hall of Fame entries (newest first, a few a day, classes taken in turn) and
/// the closed cases counted by class.
fn export(entries: u64, classes: &[String]) -> Value {
    let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
    let hall_of_fame: Vec<Value> = (0..entries)
        .map(|i| {
            let class = &classes[(i % classes.len() as u64) as usize];
            *counts.entry(class).or_default() += 1;
            json!({
                "alias": format!("{}{}", ALIASES[(i % ALIASES.len() as u64) as usize], i),
                "closed_on": date_of(-((i / 4) as i64)),
                "incident_class": class,
            })
        })
        .collect();
    json!({ "hall_of_fame": hall_of_fame, "closed_by_class": counts })
}

/// Records one more closed case in the export at `path`: a Hall of Fame entry at the top and one more case in
/// its class. Returns the new entry's alias.
pub fn close_case(path: &Path, sequence: u64, class: &str) -> Result<String, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut value: Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let alias = format!("baru_ditutup_{sequence}");
    let entry = json!({
        "alias": alias,
        "closed_on": date_of(1),
        "incident_class": class,
    });
    value["hall_of_fame"]
        .as_array_mut()
        .ok_or_else(|| format!("{}: no hall_of_fame list", path.display()))?
        .insert(0, entry);
    let counts = value["closed_by_class"]
        .as_object_mut()
        .ok_or_else(|| format!("{}: no closed_by_class table", path.display()))?;
    let count = counts.get(class).and_then(Value::as_u64).unwrap_or(0);
    counts.insert(class.to_owned(), json!(count + 1));
    let text = serde_json::to_string_pretty(&value)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    write(path, &text)?;
    Ok(alias)
}

/// A generated `csirt` site.
pub struct CsirtSite {
    /// Its configuration file (`content/config.toml`).
    pub config: std::path::PathBuf,
    /// Its case export.
    pub export: std::path::PathBuf,
    /// The incident classes its export uses.
    pub classes: Vec<String>,
    /// The mean size of the generated advisories' Markdown bodies, in bytes.
    pub body_bytes: u64,
}

/// Writes a `csirt` site into `root`: `content/` (a copy of `fixture` with advisories `0..n` added to its
/// advisories section and an export of `hall_of_fame` entries) and `templates/` (a copy of `templates`).
pub fn csirt_site(
    root: &Path,
    fixture: &Path,
    templates: &Path,
    n: u64,
    hall_of_fame: u64,
) -> Result<CsirtSite, String> {
    let content = root.join("content");
    copy_tree(fixture, &content)?;
    copy_tree(templates, &root.join("templates"))?;
    let section = content.join(SECTION);
    if !section.join("_index.md").is_file() {
        return Err(format!(
            "{} has no {SECTION}/_index.md: the advisories go there",
            fixture.display()
        ));
    }
    let body_bytes = write_advisories(&section, n)?;
    let export_file = content.join("export.json");
    let classes = export_classes(&export_file)?;
    let text = serde_json::to_string_pretty(&export(hall_of_fame, &classes))
        .map_err(|e| format!("cannot write the export: {e}"))?;
    write(&export_file, &text)?;
    Ok(CsirtSite {
        config: content.join("config.toml"),
        export: export_file,
        classes,
        body_bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_count_back_from_the_newest_advisory() {
        assert_eq!(date_of(0), "2026-11-01");
        assert_eq!(date_of(1), "2026-11-02");
        assert_eq!(date_of(-10_000), "1999-06-16");
    }

    #[test]
    fn advisories_are_about_six_hundred_words_of_markdown() {
        for i in [0, 1, 41, 9_999] {
            let text = advisory(i);
            let (front, body) = text
                .strip_prefix("+++\n")
                .and_then(|rest| rest.split_once("\n+++\n"))
                .unwrap();
            assert!(front.starts_with("title = \"Celah "), "{front}");
            assert!(front.contains("\ndate = "), "{front}");
            let words = body
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count();
            assert!((560..660).contains(&words), "{words} words");
            assert_eq!(body.matches("\n## ").count() + 1, 7, "seven headings");
            assert!(body.contains("\n- ") && body.contains("\n|---|"));
        }
        assert!(advisory(42).contains("](/peringatan/adv-000041/)"));
        assert!(advisory(0).contains("](/peringatan/)"));
    }

    #[test]
    fn closing_a_case_adds_an_entry_and_a_count() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.json");
        let classes = vec!["fraud".to_owned(), "intrusions".to_owned()];
        let text = export(5, &classes).to_string();
        std::fs::write(&path, text).unwrap();
        assert_eq!(export_classes(&path).unwrap(), classes);
        let alias = close_case(&path, 1, "fraud").unwrap();
        let value: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(value["hall_of_fame"].as_array().unwrap().len(), 6);
        assert_eq!(value["hall_of_fame"][0]["alias"], alias.as_str());
        assert_eq!(value["closed_by_class"]["fraud"], 4);
        assert_eq!(value["closed_by_class"]["intrusions"], 2);
    }
}
