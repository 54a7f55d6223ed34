//! Console tests: the console binary under the Lambda Runtime API.
