//! Console tests: case_page.
