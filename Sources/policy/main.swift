// The `policy` executable: everything happens in PolicyCommandLine, on a thread with room for
// the deepest evaluation a policy may ask for.

import Foundation
import PolicyCommandLine
import PolicyLanguage

// A write to a closed pipe fails with EPIPE instead of killing the process, so a batch can stop
// cleanly (its ledger unsaved) before it ends the way Unix tools end.
signal(SIGPIPE, SIG_IGN)
let code = LargeStack.run { PolicyCommandLine.run(Array(CommandLine.arguments.dropFirst()), console: Console.standard()) }
if code == .closedPipe {
    signal(SIGPIPE, SIG_DFL)
    raise(SIGPIPE)
}
exit(code.rawValue)
