#include "nn/mcnn_onednn.h"

#include "nn/mcnn.h"

#ifdef CROWDKD_HAVE_ONEDNN
#include <array>
#include <mutex>
#include <oneapi/dnnl/dnnl.hpp>
#include <string>
#endif

namespace crowdkd::nn {

#ifndef CROWDKD_HAVE_ONEDNN

class OneDnnPlanCache {};

std::shared_ptr<OneDnnPlanCache> makeOneDnnPlanCache(Precision) {
    return nullptr;
}

bool haveOneDnnTraining() {
    return false;
}

bool haveBFloat16Training() {
    return false;
}

bool canUseOneDnnColumns(const torch::Tensor&) {
    return false;
}

torch::Tensor mcnnColumnsOneDnn(McnnImpl&, OneDnnPlanCache&, const torch::Tensor&) {
    throw std::logic_error("this build has no oneDNN training path");
}

#else

namespace {

using dnnl::memory;
using Tag = memory::format_tag;
using Type = memory::data_type;
using Dims = memory::dims;

// Convolutions per column, and the pools after the first two of them.
constexpr int kConvsPerColumn = 4;
constexpr int kPoolsPerColumn = 2;
constexpr int kColumns = 3;
// Sequential indices of a column's convolutions (the pools sit at 1 and 3).
constexpr std::array<int, kConvsPerColumn> kConvIndex{0, 2, 4, 5};

dnnl::engine& cpuEngine() {
    static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
    return engine;
}

/// A tensor's data as a oneDNN memory of `desc` (no copy; the tensor must outlive it).
memory wrap(const memory::desc& desc, const torch::Tensor& tensor) {
    return memory(desc, cpuEngine(), tensor.data_ptr<float>());
}

/// `from` as a memory of `desc`: itself when it already is one, else a reordered copy in `buffer`
/// (allocated on first use and kept for the next steps).
memory laidOut(const memory& from, const memory::desc& desc, memory& buffer, dnnl::stream& stream) {
    if (from.get_desc() == desc)
        return from;
    if (!buffer || buffer.get_desc() != desc)
        buffer = memory(desc, cpuEngine());
    dnnl::reorder(from, buffer).execute(stream, const_cast<memory&>(from), buffer);
    return buffer;
}

/// One 'same' convolution + ReLU of a column, with what its backward pass needs.
struct ConvLayer {
    dnnl::convolution_forward::primitive_desc forward;
    dnnl::convolution_backward_weights::primitive_desc backwardWeights;
    dnnl::convolution_backward_data::primitive_desc backwardData; ///< not for a first layer
    dnnl::eltwise_backward::primitive_desc reluBackward;
    memory::desc userWeights; ///< oihw, as LibTorch holds them
    memory::desc userBias;
    memory src, dst, weights, bias;
    // Buffers for reorders, kept between steps.
    memory srcBuffer, biasBuffer, dataWeightsBuffer, gradDstBuffer;
    memory reluGrad, weightsGrad, biasGrad, dataGrad;
};

/// A 2×2 max-pool with its workspace (where each maximum was), and the backward pass of the ReLU
/// before it, which runs on the pooled map.
struct PoolLayer {
    dnnl::pooling_forward::primitive_desc forward;
    dnnl::pooling_backward::primitive_desc backward;
    dnnl::eltwise_backward::primitive_desc reluBackward;
    memory dst, workspace, gradDstBuffer, reluGrad, gradSrc, gradSrcBuffer;
};

struct Column {
    std::array<ConvLayer, kConvsPerColumn> convs;
    std::array<PoolLayer, kPoolsPerColumn> pools;
    std::int64_t outChannels = 0;
    std::int64_t channelOffset = 0; ///< where its channels start in the concatenated output
};

/// Everything one input shape needs, built once and reused for every step of that shape; held
/// by the autograd context from the forward to the backward pass.
struct Plan {
    std::int64_t batch = 0, channels = 0, height = 0, width = 0;
    std::int64_t outChannels = 0;
    std::array<Column, kColumns> columns;
    memory::desc inputDesc;
};

Conv2dBlockImpl& convOf(McnnImpl& model, int column, int layer) {
    torch::nn::Sequential& branch =
        column == 0 ? model.branch1 : (column == 1 ? model.branch2 : model.branch3);
    return *branch->ptr(kConvIndex[static_cast<std::size_t>(layer)])->as<Conv2dBlockImpl>();
}

/// Whether oneDNN chose its reference kernel (plain loops, 10–100× slower than its JIT ones).
bool isReference(const dnnl::primitive_desc_base& chosen) {
    return std::string(chosen.impl_info_str()).rfind("ref", 0) == 0;
}

/// The ReLU's backward pass over `dst`, the output of the ReLU it inverts.
dnnl::eltwise_backward::primitive_desc reluBackwardOn(const memory::desc& dst) {
    const dnnl::eltwise_forward::primitive_desc hint(
        dnnl::eltwise_forward::desc(dnnl::prop_kind::forward_training,
                                    dnnl::algorithm::eltwise_relu_use_dst_for_bwd, dst, 0.0f),
        cpuEngine());
    return dnnl::eltwise_backward::primitive_desc(
        dnnl::eltwise_backward::desc(dnnl::algorithm::eltwise_relu_use_dst_for_bwd, dst, dst, 0.0f),
        cpuEngine(), hint);
}

/// `srcDesc` is the input's (first layer) or the layer below's output. Activations and weights are
/// of `columnType` past the first layer; bias and weight gradients are float, so that the optimizer
/// sees float gradients. A layer with a pool after it (`pooled`) has its ReLU's backward pass run
/// on the pooled map (PoolLayer), so it needs none of its own.
void buildConv(ConvLayer& layer, const memory::desc& srcDesc, const torch::nn::Conv2d& conv,
               std::int64_t batch, std::int64_t height, std::int64_t width, bool first, bool pooled,
               Type columnType) {
    // First layers stay float: with one input channel oneDNN 2.6 has no AMX kernel for them, and
    // its AVX-512 bfloat16 ones took 10.0 ms a step where float takes 4.5 (DNNL_VERBOSE, 256²).
    const Type type = first ? Type::f32 : columnType;
    const std::int64_t out = conv->weight.size(0);
    const std::int64_t in = conv->weight.size(1);
    const std::int64_t kernel = conv->weight.size(2);
    const std::int64_t pad = (kernel - 1) / 2;
    const Dims strides{1, 1};
    const Dims padding{pad, pad};
    // The first layer reads the input as it is laid out (a plain float N×C×H×W tensor).
    const memory::desc firstSrc(srcDesc.dims(), type, Tag::nchw);
    const memory::desc anyWeights({out, in, kernel, kernel}, type, Tag::any);
    const memory::desc anyWeightsGrad({out, in, kernel, kernel}, Type::f32, Tag::any);
    const memory::desc bias({out}, Type::f32, Tag::x);
    dnnl::post_ops relu;
    relu.append_eltwise(1.0f, dnnl::algorithm::eltwise_relu, 0.0f, 0.0f);
    dnnl::primitive_attr attributes;
    attributes.set_post_ops(relu);
    const auto forwardIn = [&](Tag activations) {
        const memory::desc src({batch, in, height, width}, type, activations);
        const memory::desc dst({batch, out, height, width}, type, first ? Tag::any : activations);
        return dnnl::convolution_forward::primitive_desc(
            dnnl::convolution_forward::desc(
                dnnl::prop_kind::forward_training, dnnl::algorithm::convolution_direct,
                first ? firstSrc : src, anyWeights, bias, dst, strides, padding, padding),
            attributes, cpuEngine());
    };
    // bfloat16 activations channels-last past the first layer: oneDNN 2.6's brgconv kernels run
    // them up to 1.6× faster than its blocked layouts, padding no channels (20 → 32). In float,
    // channels-last falls back to reference kernels with the fused ReLU: blocked layouts there,
    // and wherever channels-last would.
    Tag activations = type == Type::bf16 ? Tag::nhwc : Tag::any;
    layer.forward = forwardIn(activations);
    if (activations != Tag::any && isReference(layer.forward)) {
        activations = Tag::any;
        layer.forward = forwardIn(activations);
    }
    const memory::desc anySrc({batch, in, height, width}, type, activations);
    // The weight gradient reads the forward pass's input and the ReLU's gradient as they lie.
    layer.backwardWeights = dnnl::convolution_backward_weights::primitive_desc(
        dnnl::convolution_backward_weights::desc(
            dnnl::algorithm::convolution_direct, layer.forward.src_desc(), anyWeightsGrad, bias,
            layer.forward.dst_desc(), strides, padding, padding),
        cpuEngine(), layer.forward);
    if (!first)
        layer.backwardData = dnnl::convolution_backward_data::primitive_desc(
            dnnl::convolution_backward_data::desc(dnnl::algorithm::convolution_direct, anySrc,
                                                  anyWeights, layer.forward.dst_desc(), strides,
                                                  padding, padding),
            cpuEngine(), layer.forward);
    const memory::desc dst = layer.forward.dst_desc();
    if (!pooled) {
        layer.reluBackward = reluBackwardOn(dst);
        layer.reluGrad = memory(layer.reluBackward.diff_src_desc(), cpuEngine());
    }
    layer.userWeights = memory::desc({out, in, kernel, kernel}, Type::f32, Tag::oihw);
    layer.userBias = bias;
    layer.dst = memory(dst, cpuEngine());
    layer.weights = memory(layer.forward.weights_desc(), cpuEngine());
    layer.weightsGrad = memory(layer.backwardWeights.diff_weights_desc(), cpuEngine());
    layer.biasGrad = memory(layer.backwardWeights.diff_bias_desc(), cpuEngine());
    if (!first)
        layer.dataGrad = memory(layer.backwardData.diff_src_desc(), cpuEngine());
}

// Channels-last bfloat16 is pooled as it is: oneDNN 2.6's max-pool backward is slow on it (1 ms
// for 40×128², 7× the blocked layout's), but a blocked copy and back costs more.
void buildPool(PoolLayer& pool, const memory::desc& srcDesc) {
    const Dims dims = srcDesc.dims();
    const memory::desc anyDst({dims[0], dims[1], dims[2] / 2, dims[3] / 2}, srcDesc.data_type(),
                              Tag::any);
    const Dims two{2, 2};
    const Dims zero{0, 0};
    pool.forward = dnnl::pooling_forward::primitive_desc(
        dnnl::pooling_forward::desc(dnnl::prop_kind::forward_training, dnnl::algorithm::pooling_max,
                                    srcDesc, anyDst, two, two, zero, zero),
        cpuEngine());
    pool.backward = dnnl::pooling_backward::primitive_desc(
        dnnl::pooling_backward::desc(dnnl::algorithm::pooling_max, srcDesc, pool.forward.dst_desc(),
                                     two, two, zero, zero),
        cpuEngine(), pool.forward);
    pool.reluBackward = reluBackwardOn(pool.forward.dst_desc());
    pool.dst = memory(pool.forward.dst_desc(), cpuEngine());
    pool.reluGrad = memory(pool.reluBackward.diff_src_desc(), cpuEngine());
    pool.workspace = memory(pool.forward.workspace_desc(), cpuEngine());
    pool.gradSrc = memory(pool.backward.diff_src_desc(), cpuEngine());
}

std::shared_ptr<Plan> buildPlan(McnnImpl& model, const torch::Tensor& input, Type type) {
    auto plan = std::make_shared<Plan>();
    plan->batch = input.size(0);
    plan->channels = input.size(1);
    plan->height = input.size(2);
    plan->width = input.size(3);
    plan->inputDesc = memory::desc({plan->batch, plan->channels, plan->height, plan->width},
                                   Type::f32, Tag::nchw);
    std::int64_t offset = 0;
    for (int c = 0; c < kColumns; ++c) {
        Column& column = plan->columns[static_cast<std::size_t>(c)];
        std::int64_t height = plan->height;
        std::int64_t width = plan->width;
        memory::desc src = plan->inputDesc;
        for (int l = 0; l < kConvsPerColumn; ++l) {
            ConvLayer& layer = column.convs[static_cast<std::size_t>(l)];
            buildConv(layer, src, convOf(model, c, l).conv, plan->batch, height, width, l == 0,
                      l < kPoolsPerColumn, type);
            src = layer.forward.dst_desc();
            if (l < kPoolsPerColumn) {
                buildPool(column.pools[static_cast<std::size_t>(l)], src);
                src = column.pools[static_cast<std::size_t>(l)].forward.dst_desc();
                height /= 2;
                width /= 2;
            }
        }
        column.outChannels = convOf(model, c, kConvsPerColumn - 1).conv->weight.size(0);
        column.channelOffset = offset;
        offset += column.outChannels;
    }
    plan->outChannels = offset;
    return plan;
}

/// A column's slice of the concatenated N×30×h×w output (or its gradient) as a oneDNN memory.
memory columnSlice(const Plan& plan, const Column& column, const torch::Tensor& whole) {
    const std::int64_t h = plan.height / 4;
    const std::int64_t w = plan.width / 4;
    const memory::desc desc({plan.batch, column.outChannels, h, w}, Type::f32,
                            Dims{plan.outChannels * h * w, h * w, w, 1});
    return memory(desc, cpuEngine(), whole.data_ptr<float>() + column.channelOffset * h * w);
}

/// Holds a plan in the autograd context between the passes.
struct PlanCapsule : torch::CustomClassHolder {
    explicit PlanCapsule(std::shared_ptr<Plan> held)
        : plan(std::move(held)) {}
    std::shared_ptr<Plan> plan;
};

} // namespace

/// The plan a model keeps for its next step. Only one: a plan holds a whole step's activation
/// buffers, so plans kept for other shapes would multiply a step's memory where whole images and
/// patches change shape nearly every step (and are rarely met again soon), while crop training
/// repeats one shape (every batch is full).
class OneDnnPlanCache {
public:
    explicit OneDnnPlanCache(Type type)
        : m_type(type) {}

    /// The plan for `input`'s shape: the kept one, unless an autograd graph still holds it, else
    /// a new one, kept in place of the old.
    std::shared_ptr<Plan> planFor(McnnImpl& model, const torch::Tensor& input) {
        const Dims shape{input.size(0), input.size(1), input.size(2), input.size(3)};
        std::lock_guard<std::mutex> lock(m_mutex);
        const bool free = m_plan && m_plan.use_count() == 1;
        if (m_plan && m_shape == shape)
            return free ? m_plan : buildPlan(model, input, m_type);
        if (free)
            m_plan.reset(); // its buffers go before the new plan's are allocated
        m_plan = buildPlan(model, input, m_type);
        m_shape = shape;
        return m_plan;
    }

private:
    const Type m_type; ///< of the activations and weights
    std::mutex m_mutex;
    std::shared_ptr<Plan> m_plan;
    Dims m_shape; ///< of m_plan's input
};

namespace {

class ColumnsFunction : public torch::autograd::Function<ColumnsFunction> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext* context,
                                 const torch::Tensor& input, torch::TensorList parameters,
                                 McnnImpl* model, OneDnnPlanCache* plans) {
        const torch::Tensor x = input.contiguous();
        std::shared_ptr<Plan> plan = plans->planFor(*model, x);
        dnnl::stream stream(cpuEngine());
        const std::int64_t h = plan->height / 4;
        const std::int64_t w = plan->width / 4;
        torch::Tensor output = torch::empty({plan->batch, plan->outChannels, h, w}, x.options());
        const memory userInput = wrap(plan->inputDesc, x);
        std::vector<torch::Tensor> kept; // contiguous weights used by this pass
        for (int c = 0; c < kColumns; ++c) {
            Column& column = plan->columns[static_cast<std::size_t>(c)];
            memory current = userInput;
            for (int l = 0; l < kConvsPerColumn; ++l) {
                ConvLayer& layer = column.convs[static_cast<std::size_t>(l)];
                const std::size_t p = static_cast<std::size_t>(c * kConvsPerColumn + l) * 2;
                const torch::Tensor weight = parameters[p].detach().contiguous();
                const torch::Tensor bias = parameters[p + 1].detach().contiguous();
                kept.push_back(weight);
                memory userWeights = wrap(layer.userWeights, weight);
                dnnl::reorder(userWeights, layer.weights)
                    .execute(stream, userWeights, layer.weights);
                // The bias as it is when oneDNN takes it as it is (plain float): no copy.
                layer.bias = laidOut(wrap(layer.userBias, bias), layer.forward.bias_desc(),
                                     layer.biasBuffer, stream);
                layer.src = laidOut(current, layer.forward.src_desc(), layer.srcBuffer, stream);
                dnnl::convolution_forward(layer.forward)
                    .execute(stream, {{DNNL_ARG_SRC, layer.src},
                                      {DNNL_ARG_WEIGHTS, layer.weights},
                                      {DNNL_ARG_BIAS, layer.bias},
                                      {DNNL_ARG_DST, layer.dst}});
                current = layer.dst;
                if (l < kPoolsPerColumn) {
                    PoolLayer& pool = column.pools[static_cast<std::size_t>(l)];
                    dnnl::pooling_forward(pool.forward)
                        .execute(stream, {{DNNL_ARG_SRC, current},
                                          {DNNL_ARG_DST, pool.dst},
                                          {DNNL_ARG_WORKSPACE, pool.workspace}});
                    current = pool.dst;
                }
            }
            memory slice = columnSlice(*plan, column, output);
            dnnl::reorder(current, slice).execute(stream, current, slice);
        }
        stream.wait();
        context->saved_data["plan"] =
            c10::IValue::make_capsule(c10::make_intrusive<PlanCapsule>(std::move(plan)));
        // The first layers' weight gradients read the input where it lies.
        kept.push_back(x);
        context->save_for_backward(kept);
        return output;
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* context,
                                                   torch::autograd::variable_list gradients) {
        const auto capsule = c10::static_intrusive_pointer_cast<PlanCapsule>(
            context->saved_data["plan"].toCapsule());
        Plan& plan = *capsule->plan;
        std::vector<torch::Tensor> weights = context->get_saved_variables();
        weights.pop_back(); // the input
        const torch::Tensor gradOutput = gradients[0].contiguous();
        dnnl::stream stream(cpuEngine());
        // One gradient per forward argument: none for the input, the weights' and biases', none
        // for the model and the plans.
        torch::autograd::variable_list result(1 + weights.size() * 2 + 2);
        for (int c = 0; c < kColumns; ++c) {
            Column& column = plan.columns[static_cast<std::size_t>(c)];
            ConvLayer& last = column.convs[kConvsPerColumn - 1];
            memory grad = laidOut(columnSlice(plan, column, gradOutput), last.dst.get_desc(),
                                  last.gradDstBuffer, stream);
            bool throughRelu = false; // whether `grad` has passed the layer's ReLU
            for (int l = kConvsPerColumn - 1; l >= 0; --l) {
                ConvLayer& layer = column.convs[static_cast<std::size_t>(l)];
                const std::size_t index = static_cast<std::size_t>(c * kConvsPerColumn + l);
                memory reluGrad = grad;
                if (!throughRelu) {
                    dnnl::eltwise_backward(layer.reluBackward)
                        .execute(stream, {{DNNL_ARG_DIFF_DST, grad},
                                          {DNNL_ARG_DST, layer.dst},
                                          {DNNL_ARG_DIFF_SRC, layer.reluGrad}});
                    reluGrad = layer.reluGrad;
                }
                torch::Tensor weightGrad = torch::empty_like(weights[index]);
                torch::Tensor biasGrad = torch::empty({weights[index].size(0)});
                memory userWeightGrad = wrap(layer.userWeights, weightGrad);
                memory userBiasGrad = wrap(layer.userBias, biasGrad);
                // The bias gradient straight into LibTorch's tensor when laid out alike.
                const bool biasInPlace =
                    layer.backwardWeights.diff_bias_desc() == userBiasGrad.get_desc();
                dnnl::convolution_backward_weights(layer.backwardWeights)
                    .execute(stream,
                             {{DNNL_ARG_SRC, layer.src},
                              {DNNL_ARG_DIFF_DST, reluGrad},
                              {DNNL_ARG_DIFF_WEIGHTS, layer.weightsGrad},
                              {DNNL_ARG_DIFF_BIAS, biasInPlace ? userBiasGrad : layer.biasGrad}});
                dnnl::reorder(layer.weightsGrad, userWeightGrad)
                    .execute(stream, layer.weightsGrad, userWeightGrad);
                if (!biasInPlace)
                    dnnl::reorder(layer.biasGrad, userBiasGrad)
                        .execute(stream, layer.biasGrad, userBiasGrad);
                result[1 + index * 2] = weightGrad;
                result[1 + index * 2 + 1] = biasGrad;
                if (l == 0)
                    break;
                memory userWeights = wrap(layer.userWeights, weights[index]);
                const memory dataWeights = laidOut(userWeights, layer.backwardData.weights_desc(),
                                                   layer.dataWeightsBuffer, stream);
                dnnl::convolution_backward_data(layer.backwardData)
                    .execute(stream, {{DNNL_ARG_DIFF_DST, reluGrad},
                                      {DNNL_ARG_WEIGHTS, dataWeights},
                                      {DNNL_ARG_DIFF_SRC, layer.dataGrad}});
                ConvLayer& below = column.convs[static_cast<std::size_t>(l - 1)];
                if (l - 1 < kPoolsPerColumn) {
                    PoolLayer& pool = column.pools[static_cast<std::size_t>(l - 1)];
                    const memory poolGrad = laidOut(layer.dataGrad, pool.backward.diff_dst_desc(),
                                                    pool.gradDstBuffer, stream);
                    // The ReLU below, on the pooled map: the pool passes each gradient to where
                    // its maximum was, so the ReLU's mask there is the pooled value's. The same
                    // numbers as masking the map below, on a quarter of it.
                    dnnl::eltwise_backward(pool.reluBackward)
                        .execute(stream, {{DNNL_ARG_DIFF_DST, poolGrad},
                                          {DNNL_ARG_DST, pool.dst},
                                          {DNNL_ARG_DIFF_SRC, pool.reluGrad}});
                    dnnl::pooling_backward(pool.backward)
                        .execute(stream, {{DNNL_ARG_DIFF_DST, pool.reluGrad},
                                          {DNNL_ARG_WORKSPACE, pool.workspace},
                                          {DNNL_ARG_DIFF_SRC, pool.gradSrc}});
                    grad = laidOut(pool.gradSrc, below.dst.get_desc(), pool.gradSrcBuffer, stream);
                    throughRelu = true;
                } else {
                    grad =
                        laidOut(layer.dataGrad, below.dst.get_desc(), below.gradDstBuffer, stream);
                    throughRelu = false;
                }
            }
        }
        stream.wait();
        return result;
    }
};

} // namespace

std::shared_ptr<OneDnnPlanCache> makeOneDnnPlanCache(Precision precision) {
    if (precision == Precision::BFloat16)
        return haveBFloat16Training() ? std::make_shared<OneDnnPlanCache>(Type::bf16) : nullptr;
    return std::make_shared<OneDnnPlanCache>(Type::f32);
}

bool haveOneDnnTraining() {
    return true;
}

bool haveBFloat16Training() {
    const dnnl::cpu_isa isa = dnnl::get_effective_cpu_isa();
    return isa == dnnl::cpu_isa::avx512_core_bf16 || isa == dnnl::cpu_isa::avx512_core_amx;
}

bool canUseOneDnnColumns(const torch::Tensor& input) {
    return input.defined() && input.device().is_cpu() && input.scalar_type() == torch::kFloat &&
           input.dim() == 4 && input.size(0) > 0 && input.size(2) >= 4 && input.size(3) >= 4 &&
           input.size(2) % 4 == 0 && input.size(3) % 4 == 0;
}

torch::Tensor mcnnColumnsOneDnn(McnnImpl& model, OneDnnPlanCache& plans,
                                const torch::Tensor& input) {
    std::vector<torch::Tensor> parameters;
    for (int c = 0; c < kColumns; ++c)
        for (int l = 0; l < kConvsPerColumn; ++l) {
            const torch::nn::Conv2d& conv = convOf(model, c, l).conv;
            parameters.push_back(conv->weight);
            parameters.push_back(conv->bias);
        }
    return ColumnsFunction::apply(input, torch::TensorList(parameters), &model, &plans);
}

#endif

} // namespace crowdkd::nn
