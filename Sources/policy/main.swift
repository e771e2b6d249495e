// The `policy` executable: everything happens in PolicyCommandLine, on a thread with room for
// the deepest evaluation a policy may ask for.

import Foundation
import PolicyCommandLine
import PolicyLanguage

let code = LargeStack.run { PolicyCommandLine.run(Array(CommandLine.arguments.dropFirst()), console: Console.standard()) }
exit(code.rawValue)
