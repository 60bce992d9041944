from peerdeck.cli import main

main(prog_name="peerdeck")
