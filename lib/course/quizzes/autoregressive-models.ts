import type { QuizQuestion } from "../quiz";

export const autoregressiveModelsQuiz: QuizQuestion[] = [
  {
    id: "chain-rule",
    kind: "numeric",
    prompt: "An autoregressive model gives p(x₁) = 0.5, p(x₂ | x₁) = 0.4 and p(x₃ | x₁, x₂) = 0.25 for a particular sequence. What is p(x₁, x₂, x₃)?",
    answer: 0.05,
    tolerance: 1e-6,
    explanation:
      "By the chain rule, p(x₁:₃) = p(x₁) · p(x₂ | x₁) · p(x₃ | x₁:₂) = 0.5 × 0.4 × 0.25 = 0.05. The likelihood is exact — no bound or approximation.",
  },
  {
    id: "wavenet-receptive-field",
    kind: "numeric",
    prompt:
      "A stack of causal convolutions with kernel size 2 has dilations 1, 2, 4, …, 512 (ten layers). How many input samples does one output see (its receptive field)?",
    answer: 1024,
    tolerance: 0,
    explanation:
      "Each layer with kernel size k and dilation d adds (k − 1)·d samples: 1 + (1 + 2 + … + 512) = 1 + 1023 = 1024. Doubling dilations grows the receptive field exponentially with depth.",
  },
  {
    id: "rnn-randomness",
    kind: "choice",
    prompt:
      "An RNN has the state update h_t = f(h_{t−1}, x_{t−1}) and a Gaussian output p(x_t | h_t). Where does its randomness enter, and what does the VRNN change?",
    choices: [
      "In the state update; the VRNN makes the state update deterministic",
      "Only in the per-step output; the VRNN adds a random latent z_t that is fed into the state update",
      "Only in the per-step output; the VRNN replaces the Gaussian output with a softmax",
      "In both the state update and the output; the VRNN removes the output noise",
    ],
    answer: 1,
    explanation:
      "The RNN's transition is deterministic, so all variability must be expressed through the output distribution, sampled afresh at each step. The VRNN samples z_t from a learnt prior p(z_t | h_{t−1}) and updates h_t = f(h_{t−1}, x_t, z_t), so a random choice made at one step shapes all later steps.",
  },
  {
    id: "mask-a",
    kind: "choice",
    prompt: "Why does the first layer of a PixelCNN use mask A, which also hides the centre position, while later layers use mask B, which does not?",
    choices: [
      "In the first layer the centre is the pixel being predicted; in later layers it holds features computed only from earlier pixels",
      "In the first layer the centre holds the pixel above; in later layers it holds features of the whole image, which are allowed",
      "Mask B lets later layers read the next pixel in raster order, which speeds up sampling without changing the likelihood",
      "Mask A is needed only for the colour channels; grey-scale images use mask B in every layer, the first included",
    ],
    answer: 0,
    explanation:
      "p(xᵢ | x_<ᵢ) must not depend on xᵢ itself. Only the input layer contains xᵢ at the centre; after it, the centre feature is already a function of earlier pixels only, so it may be used.",
  },
  {
    id: "teacher-forcing",
    kind: "choice",
    prompt: "What is teacher forcing?",
    choices: [
      "Training each conditional on the model's own samples, so that training matches generation",
      "Distilling the predicted distributions of a large teacher model into a smaller student model",
      "Sampling every element greedily (temperature zero) during training, so the loss is deterministic",
      "Training each conditional on the true previous elements from the data instead of the model's own samples",
    ],
    answer: 3,
    explanation:
      "Feeding ground-truth prefixes makes maximum-likelihood training simple and, for masked models, parallel. At generation the model sees its own outputs instead, and errors can compound (exposure bias); the first choice describes free-running training, which scheduled sampling moves towards gradually.",
  },
  {
    id: "kalman-update",
    kind: "numeric",
    prompt:
      "A one-dimensional linear-Gaussian model has z_t = 0.5 z_{t−1} + w_t with w_t ∼ N(0, 1), and x_t = z_t + v_t with v_t ∼ N(0, 2). The filter's estimate of z_{t−1} has mean 2 and variance 4. Then x_t = 4 is observed. What is the Kalman filter's updated mean of z_t?",
    answer: 2.5,
    tolerance: 0.01,
    explanation:
      "Predict: mean 0.5 · 2 = 1, variance 0.5² · 4 + 1 = 2. Update: S = 2 + 2 = 4, gain K = 2/4 = 0.5, mean = 1 + 0.5 · (4 − 1) = 2.5 (and variance (1 − 0.5) · 2 = 1). Forgetting to square A gives variance 3 and mean 2.8; forgetting Q gives 2.",
  },
  {
    id: "hmm-dependence",
    kind: "choice",
    prompt: "In a hidden Markov model with states z_t and observations x_t, which statement is correct?",
    choices: [
      "z_t is computed from the past observations x_{<t}, as an RNN's hidden state is",
      "x_t depends only on x_{t−1}, so the observations form a first-order Markov chain",
      "Given the states the observations are independent, and marginally they are independent too",
      "Given the states the observations are independent, but p(x_t | x_{<t}) can depend on all past observations",
    ],
    answer: 3,
    explanation:
      "z_t depends only on z_{t−1}, and x_t only on z_t, so the observations are conditionally independent given the states. Summing the states out, p(x_t | x_{<t}) = Σ_k p(x_t | z_t = k) p(z_t = k | x_{<t}), and the predicted state distribution depends on every past observation: an HMM is not, in general, a Markov chain of any finite order in x.",
  },
  {
    id: "vrnn-kl",
    kind: "choice",
    prompt: "In the VRNN's ELBO, the KL term at step t compares the encoder q_φ(z_t | x_t, h_{t−1}) with which distribution?",
    choices: [
      "The standard normal N(0, I), as in a plain VAE",
      "The prior p_θ(z_t | h_{t−1}), computed by a network from the recurrent state",
      "The encoder's own distribution at the previous step, q_φ(z_{t−1} | x_{t−1}, h_{t−2})",
      "The exact smoothing posterior p_θ(z_t | x_{1:T}), computed by a backward pass",
    ],
    answer: 1,
    explanation:
      "The VRNN's prior is learnt and time-varying: p_θ(z_t | h_{t−1}), where h_{t−1} summarises x_{<t} and z_{<t}. The ELBO is Σ_t E_q[log p_θ(x_t | z_t, h_{t−1}) − KL(q_φ(z_t | x_t, h_{t−1}) ‖ p_θ(z_t | h_{t−1}))]. The exact posterior is intractable; that is why there is an encoder at all.",
  },
  {
    id: "kvae-exact",
    kind: "choice",
    prompt: "The Kalman VAE has per-frame codes a_t and states z_t. Which part of its inference is exact?",
    choices: [
      "The posterior over the codes a_{1:T} given the frames, computed by the per-frame encoder",
      "The mixture weights α_t over the K transition matrices, computed by the Kalman filter",
      "The posterior over the states z_{1:T} given the codes, computed by the Kalman smoother",
      "None of it: every latent variable is sampled from an encoder network, as in the VRNN",
    ],
    answer: 2,
    explanation:
      "The encoder q_φ(a_t | x_t) is an approximation, as in any VAE. Given the codes, the states follow a linear-Gaussian model (the mixture weights depend only on past codes), so p_γ(z_{1:T} | a_{1:T}) comes exactly from the Kalman smoother and the code likelihood p_γ(a_{1:T}) exactly from the filter.",
  },
];
