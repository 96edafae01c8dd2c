import HygieneCLI
await Hygiene.main()
