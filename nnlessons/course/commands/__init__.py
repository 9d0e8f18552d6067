"""The subcommands of ``python -m nnlessons``, one module per job.

=================  ================================================================================
module             commands
=================  ================================================================================
``lab``            ``list`` (the lesson map), ``lab`` (write the learner edition, start JupyterLab)
``editions``       ``editions`` (a class kit made with nbgrader)
``train``          ``train`` (a network trained in the terminal, with its traces)
``doctor``         ``check`` (is this machine ready for the lessons?)
``publish``        ``slides`` (offline reveal.js decks), ``site`` (the course website)
``args``           argument types and the two errors every command may raise
=================  ================================================================================

Adding a command is a one-file job: a new module here with

    ORDER = 45                                   # where it sits in ``--help`` (10, 20, ... above)

    def register(sub, common):                   # sub: argparse subparsers; common.notebooks: the
        p = sub.add_parser("grade", parents=[common.notebooks], help="...")   # --notebooks option
        p.add_argument(...)
        p.set_defaults(func=run)

    def run(args):                               # 0 on success; raise CommandFailed (exit 1) or
        ...                                      # UsageError (usage + reason, exit 2)

``cli.py`` finds every module here that defines ``register`` (no list to edit). Import heavy
things inside ``run``, never at the top: ``--help`` imports every command module.
"""
