// The `policy` executable: everything happens in PolicyCommandLine.

import Foundation
import PolicyCommandLine

let code = PolicyCommandLine.run(Array(CommandLine.arguments.dropFirst()), console: Console.standard())
exit(code.rawValue)
