from cloudmove.cli import main

main()
