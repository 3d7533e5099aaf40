from termcli.entry import main

raise SystemExit(main())
