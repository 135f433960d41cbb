"""The implementations behind ``services.scheduler.readmodel``, one module by what it reads.

Private to the scheduler: other services import ``services.scheduler.readmodel`` only (the
rule of docs/architecture.md), which re-exports every public name of these modules.
"""
