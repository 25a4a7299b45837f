// The activation-function part of a small neural-network library in C#, as the Japanese seed article builds it:
// the sigmoid as 1.0 / (1.0 + Math.Exp(-val)) and its derivative f'(x) = (1 - f(x)) f(x), written on the output
// value. Build: mcs -target:library NeuralNetwork.cs
using System;

namespace ActivationLens.Examples
{
    public interface IActivation
    {
        double Activation(double val);
        // The derivative, given the activation's OUTPUT (what the forward pass kept), not its input.
        double DActivation(double output);
    }

    public sealed class Sigmoid : IActivation
    {
        // Math.Exp(-val) overflows to infinity for val < -709.78; the result is still 0, but only by luck of 1/inf.
        public double Activation(double val) => 1.0 / (1.0 + Math.Exp(-val));

        public double DActivation(double output) => (1.0 - output) * output;
    }

    public sealed class Relu : IActivation
    {
        public double Activation(double val) => Math.Max(0.0, val);

        public double DActivation(double output) => output > 0.0 ? 1.0 : 0.0;
    }

    public sealed class Tanh : IActivation
    {
        public double Activation(double val) => Math.Tanh(val);

        public double DActivation(double output) => 1.0 - output * output;
    }

    public sealed class Layer
    {
        private readonly double[,] weights;
        private readonly double[] biases;
        private readonly IActivation activation;

        public Layer(int inputs, int outputs, IActivation activation, Random rng)
        {
            weights = new double[outputs, inputs];
            biases = new double[outputs];
            this.activation = activation;
            for (var o = 0; o < outputs; o++)
                for (var i = 0; i < inputs; i++)
                    weights[o, i] = rng.NextDouble() * 2.0 - 1.0;
        }

        public double[] Forward(double[] input)
        {
            var output = new double[biases.Length];
            for (var o = 0; o < output.Length; o++)
            {
                var sum = biases[o];
                for (var i = 0; i < input.Length; i++) sum += weights[o, i] * input[i];
                output[o] = activation.Activation(sum);
            }
            return output;
        }
    }
}
