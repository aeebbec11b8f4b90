#pragma once

#include "nn/density_model.h"
#include "nn/state_dict.h"

#include <filesystem>
#include <optional>
#include <string>

namespace crowdkd::pipeline {

/// Weights read from a file, with what the file itself says about the model.
struct ModelWeights {
    nn::StateDict stateDict;
    /// The kind the file declares (a "kind"/"model_kind"/"arch" entry naming mcnn or msfanet),
    /// else the one its key names show; nullopt when neither tells.
    std::optional<nn::ModelKind> kind;
    /// Input channels of the first convolution; 0 when unknown.
    int inputChannels = 0;
    /// Which reader understood the file ("pth").
    std::string format;
};

/// Reads model weights from a file, recognising the format by content, not by extension:
/// PyTorch `.pth` (`torch.save` of a state dict, or of a checkpoint dict holding one under
/// "model", "state_dict", …; ZIP or legacy format). New formats are added here as another
/// content check. Throws crowdkd::FileError naming the file.
ModelWeights readModelWeights(const std::filesystem::path& path);

/// A model ready for inference (eval mode, on the CPU) with the weights of `path`. `kind` may be
/// given (it must then agree with the file) or is inferred from the weights (M-SFANet keys start
/// with `vgg.`, MCNN keys with `branch1.` or `DME.branch1.`); the input channel count comes from
/// the first convolution. Throws crowdkd::FileError naming the file when it cannot be read, its
/// kind is unknown or contradicts `kind`, or the weights do not fit (listing missing, unexpected
/// and mis-shaped keys).
nn::DensityModel loadDensityModel(const std::filesystem::path& path,
                                  std::optional<nn::ModelKind> kind = std::nullopt);

/// Starts M-SFANet's VGG16-bn encoder from torchvision's ImageNet `vgg16_bn` state dict in `path`
/// (`features.N.*` keys, as `torch.save(vgg16_bn(...).state_dict())` writes it), mapped onto the
/// encoder as the authors' load_vgg() does; the rest of `model` is left as it is. Read as data,
/// never executed. Throws crowdkd::FileError naming the file when it cannot be read, holds
/// non-finite values, lacks encoder keys or has mis-shaped ones; std::invalid_argument when
/// `model` is not M-SFANet.
void loadBackboneWeights(nn::DensityModel& model, const std::filesystem::path& path);

} // namespace crowdkd::pipeline
