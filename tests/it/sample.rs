//! Building the repository's own sample site: the real report from the seeds.
