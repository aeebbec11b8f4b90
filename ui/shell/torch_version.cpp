// Only LibTorch's tiny version header: this file does not pull the heavy torch includes.
#include "shell/versions.h"

#include <torch/version.h>

namespace crowdkd::ui {

QString libTorchVersion() {
    return QStringLiteral(TORCH_VERSION);
}

} // namespace crowdkd::ui
