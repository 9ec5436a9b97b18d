// File modes (0600), signals and /proc: the identity and daemon tests are POSIX tests, run on Linux.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
