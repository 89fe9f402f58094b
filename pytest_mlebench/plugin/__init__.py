"""pytest wiring. `hooks` is the module pytest loads (entry point `mlebench`): thin hooks and the
fixtures. `options` resolves every option once (command line > environment > ini) into
`Settings`; `session` is the per-session state; `item` is the competition test item;
`collector` gathers the records and writes the reports and gates; `progress` the live line."""
